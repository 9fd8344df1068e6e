//! The one allocator setting folio changes. mimalloc (the global allocator,
//! see `main.rs`) gives freed memory back to the system a second after it
//! is freed; while a huge page is rendered, its parse tree, events and HTML
//! come and go faster than that, and the process held up to 1.1 GiB for a
//! 50 MB page. Sites with such a page have freed memory given back at once:
//! 780 MiB for that page (`bench/hostile.sh`). Other sites keep the delay,
//! which saves 10-15 % of CPU at 10,000 pages (measured: 4.2-5.3 s user
//! with it, 4.8-5.7 s without).

use libmimalloc_sys::{mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (mimalloc.h, v3,
/// which libmimalloc-sys builds by default); its Rust binding names no
/// constant for it. The unit test below checks it against the default.
const PURGE_DELAY: mi_option_t = 15;

/// Pages above this size make the allocator give freed memory back at once.
pub const HUGE_PAGE_BYTES: u64 = 8 << 20;

/// From now on, memory freed is given back to the system at once.
pub fn give_back_at_once() {
    // SAFETY: setting an option is allowed at any time and from any thread.
    unsafe { mi_option_set(PURGE_DELAY, 0) }
}

#[cfg(test)]
mod tests {
    fn purge_delay() -> i64 {
        // SAFETY: reading an option is allowed at any time.
        unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) }
    }

    #[test]
    fn the_option_is_the_purge_delay() {
        // mimalloc 3's default purge delay is 1000 ms (src/options.c); no
        // other option defaults to 1000.
        assert_eq!(purge_delay(), 1000);
        super::give_back_at_once();
        assert_eq!(purge_delay(), 0);
    }
}
