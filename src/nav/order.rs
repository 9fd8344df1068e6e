//! The order of siblings: the precedence of [`super`], one rule a field.

use crate::site::order::natural_cmp;
use std::cmp::Ordering;

/// Pinyin order of names, as a Chinese-locale file manager sorts them.
/// ICU's `zh` collation is CLDR's pinyin order; digit runs compare as
/// numbers (`第3章` before `第12章`).
pub struct Collator(icu_collator::CollatorBorrowed<'static>);

impl Collator {
    pub fn new() -> Collator {
        let mut prefs = icu_collator::CollatorPreferences::from(&icu_locale_core::locale!("zh"));
        prefs.numeric_ordering = Some(icu_collator::preferences::CollationNumericOrdering::True);
        // The collation data is compiled in: creating it cannot fail for a
        // locale it holds, and `zh` is one.
        let collator = icu_collator::Collator::try_new(prefs, Default::default())
            .expect("compiled-in zh collation");
        Collator(collator)
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.0.compare(a, b)
    }
}

/// What decides a sibling's place, rule by rule.
#[derive(Debug, Clone)]
pub struct SortKey {
    /// Position in the navigation file.
    explicit: Option<usize>,
    weight: Option<i64>,
    /// The number a name starts with (`02-安装.md`: 2).
    prefix: Option<u128>,
    /// Position among the folder index page's links to its entries.
    linked: Option<usize>,
    /// The file or folder name.
    name: String,
}

/// `Some` before `None`, then by value.
fn present_first<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The number a name starts with, if it is a prefix (`02-x`, `3 x`, `10.md`
/// too: a name that is only a number is numbered).
fn number_prefix(name: &str) -> Option<u128> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    // Longer than any real prefix: natural order compares it.
    name[..digits].parse().ok()
}

impl SortKey {
    pub fn new(
        explicit: Option<usize>,
        weight: Option<i64>,
        linked: Option<usize>,
        name: String,
    ) -> SortKey {
        SortKey {
            explicit,
            weight,
            prefix: number_prefix(&name),
            linked,
            name,
        }
    }

    /// An entry of the navigation file that is not a file of the site.
    pub fn explicit_only(rank: usize) -> SortKey {
        SortKey::new(Some(rank), None, None, String::new())
    }

    pub fn cmp(&self, other: &SortKey, collator: &Collator) -> Ordering {
        present_first(&self.explicit, &other.explicit)
            .then_with(|| present_first(&self.weight, &other.weight))
            .then_with(|| present_first(&self.prefix, &other.prefix))
            .then_with(|| present_first(&self.linked, &other.linked))
            .then_with(|| collator.compare(&self.name, &other.name))
            .then_with(|| natural_cmp(&self.name, &other.name))
    }
}
