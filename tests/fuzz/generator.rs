//! The random site generator of `tests/fuzz.rs`: small sites made of
//! the things writers put in Chinese wikis, and the things that broke folio.

use std::fmt::Write as _;

/// The random site generator.
pub struct Gen {
    rng: fastrand::Rng,
    /// The site's files, as paths from the content root.
    paths: Vec<String>,
}

const FOLDERS: &[&str] = &[
    "",
    "",
    "目录/",
    "02-客户项目/",
    "a b/",
    "-x/",
    "深/层/",
    "50%/",
    "#号/",
    "👨‍👩‍👧/",
];

const PAGE_NAMES: &[&str] = &[
    "README.md",
    "index.md",
    "_index.md",
    "01-总览.md",
    "带 空格.md",
    "a#b.md",
    "100%.md",
    "a:b.md",
    "-leading.md",
    "子页面.md",
    "😀 表情.md",
    "👩‍💻.md",
    "e\u{301}.md",
    "10-十.md",
    "2-二.md",
    "x.MD",
];

const ASSET_NAMES: &[&str] = &["图.png", "a b.pdf", "100%.txt", "#.png", "-.css"];

const WORDS: &[&str] = &[
    "合作伙伴",
    "风险评估与缓解策略",
    "项目总览",
    "东义",
    "🟢 良好",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "e\u{301}",
    "ﾊﾝｶｸ",
    "עברית",
    "word",
    "*强调*",
    "**粗体**",
    "~~删除~~",
    "`代码 | x`",
    "\\|",
    "&amp;",
    "<",
    "&#x1F600;",
    "\u{200b}",
    "\u{0}",
    "\t",
    "{#id}",
    "%E5%90%88",
    "[^1]",
    "[^缺]",
    "$x$",
    ":smile:",
];

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen {
            rng: fastrand::Rng::with_seed(seed),
            paths: Vec::new(),
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.rng.usize(..items.len())]
    }

    pub fn chance(&mut self, one_in: u8) -> bool {
        self.rng.u8(..one_in) == 0
    }

    /// The files of a site: paths from the content root, and their bytes.
    pub fn site(&mut self) -> Vec<(String, Vec<u8>)> {
        let pages = self.rng.usize(1..=5);
        for _ in 0..pages {
            let path = format!("{}{}", self.pick(FOLDERS), self.pick(PAGE_NAMES));
            self.paths.push(path);
        }
        if self.chance(3) {
            let path = format!("{}{}", self.pick(FOLDERS), self.pick(ASSET_NAMES));
            self.paths.push(path);
        }
        self.paths.sort();
        self.paths.dedup();
        let mut files = Vec::new();
        for path in self.paths.clone() {
            let bytes = if path.to_lowercase().ends_with(".md") {
                self.page(&path)
            } else {
                b"\x89PNG not really".to_vec()
            };
            files.push((path, bytes));
        }
        if self.chance(8) {
            files.push(("folio.toml".into(), self.config().into_bytes()));
        }
        files
    }

    fn config(&mut self) -> String {
        let mut c = String::from("content-dir = \".\"\noutput-dir = \"public\"\n");
        match self.rng.u8(..6) {
            0 => c.push_str("[links]\nbroken = \"error\"\n"),
            1 => c.push_str("[links]\nignore = [\"*.md\", \"缺*\"]\n"),
            2 => c.push_str("language = \"en\"\n[search]\nenabled = false\n"),
            3 => c.push_str("[mermaid]\nmode = \"off\"\n[breadcrumbs]\nenabled = false\n"),
            4 => c.push_str("title = \"未闭合\n"),
            _ => c.push_str("unknown-key = 1\n"),
        }
        c
    }

    fn page(&mut self, path: &str) -> Vec<u8> {
        let mut text = String::new();
        if self.chance(6) {
            text.push('\u{feff}');
        }
        text.push_str(&self.front_matter());
        for _ in 0..self.rng.usize(0..8) {
            let block = self.block(path);
            text.push_str(&block);
            text.push_str(if self.chance(5) { "\n" } else { "\n\n" });
        }
        if self.chance(4) {
            text = text.replace('\n', "\r\n");
        }
        if self.chance(10) {
            // A stray `\r` or a file cut anywhere.
            let at = self.char_boundary(&text);
            text.insert(at, '\r');
        }
        let mut bytes = text.into_bytes();
        if self.chance(40) {
            let at = self.rng.usize(..=bytes.len());
            bytes.insert(at, 0xff);
        }
        if self.chance(12) {
            bytes.truncate(self.rng.usize(..=bytes.len()));
        }
        bytes
    }

    fn char_boundary(&mut self, text: &str) -> usize {
        let mut at = self.rng.usize(..=text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    fn front_matter(&mut self) -> String {
        match self.rng.u8(..14) {
            0 => "+++\ntitle = \"总览\"\nweight = 3\ndate = 2025-10-31\n+++\n".into(),
            1 => "+++\ntitle = \"x\nweight = \n+++\n".into(),
            2 => "---\ntitle: 合作\ndraft: false\ntags: [a, b]\n---\n".into(),
            3 => "---\ntitle: [未闭合\n---\n".into(),
            4 => "---\ntitle: a\nweight: 二\n---\n".into(),
            5 => "+++\ntitle = \"未闭合\"\n".into(),
            6 => "---\n...\n".into(),
            7 => format!("---\nx: {}\n---\n", "[".repeat(self.rng.usize(1..300))),
            8 => format!("+++\nx = {}\n+++\n", "[".repeat(self.rng.usize(1..300))),
            9 => "---\ndraft: true\n---\n".into(),
            10 => "+++\n+++\n".into(),
            11 => "---\r\ntitle: \"x\r\n---\r\n".into(),
            _ => String::new(),
        }
    }

    fn words(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.rng.usize(0..5) {
            s.push_str(self.pick(WORDS));
            if self.chance(2) {
                s.push(' ');
            }
        }
        s
    }

    fn block(&mut self, path: &str) -> String {
        let w = self.words();
        if self.chance(40) {
            return self.stress(path);
        }
        match self.rng.u8(..22) {
            0 => format!("{} {w}", "#".repeat(self.rng.usize(1..=7))),
            1 => format!("## {w} {{#{}}}", self.pick(&["id", "标题", "", "-x"])),
            2 => format!("{w}{} {w}", self.inline(path)),
            3 => self.table(path),
            4 => self.fence(),
            5 => self.raw_html(path),
            6 => format!(
                "- [ ] {w}\n- [x] {}\n  - {}",
                self.inline(path),
                self.inline(path)
            ),
            7 => format!("> {}\n> > {w}", self.inline(path)),
            8 => format!("{w}[^1]\n\n[^1]: {}", self.inline(path)),
            9 => {
                let target = self.target(path);
                format!("[{w}][ref] [ref][]\n\n[ref]: {target} \"标题\"")
            }
            10 => format!("<https://例子.com/{w}> <mailto:a@b.c> www.example.com {w}"),
            11 => format!("![{w}{}]({})", self.inline(path), self.target(path)),
            12 => format!(
                "[首页]({}) > {} > 本章",
                self.target(path),
                self.inline(path)
            ),
            13 => format!(
                "**最后更新**: 2025-01-0{}\n**负责人**: {w}",
                self.rng.u8(..10)
            ),
            14 => format!("{w}\n---\n{w}\n==="),
            15 => format!("    indented {}\n", self.inline(path)),
            16 => format!("1. {w}\n\n   {}\n2) x", self.inline(path)),
            17 => "$$\nx^2\n$$\n```math\ny\n```".into(),
            18 => (0..self.rng.usize(1..40))
                .map(|_| self.inline(path))
                .collect(),
            19 => format!("[{}]({} \"t\")", w, self.target(path)),
            // Audience passage markers, well and badly placed.
            20 if self.chance(2) => self
                .pick(&[
                    "<!-- audience: internal -->",
                    "<!-- /audience -->",
                    "- 项 <!-- audience: internal -->",
                    "> <!-- /audience -->",
                    "<!-- audience: -->",
                    "| a |\n|---|\n| <!-- audience: x --> |",
                    "<div>\n<!-- audience: internal -->\n</div>",
                ])
                .to_string(),
            _ => self.inline(path),
        }
    }

    /// A block that once cost time or memory out of proportion: many links
    /// on one line, deep nesting, a long line.
    fn stress(&mut self, path: &str) -> String {
        let n = self.rng.usize(100..2000);
        match self.rng.u8(..5) {
            0 => (0..n)
                .map(|_| self.inline(path))
                .collect::<Vec<_>>()
                .join(" "),
            1 => format!("{} 引用", ">".repeat(n)),
            2 => format!("{}x{}({})", "[".repeat(n), "]".repeat(n), self.target(path)),
            3 => format!("{}[长](缺.md)", "长".repeat(n * 10)),
            _ => format!("{}x{}", "*".repeat(n), "*".repeat(n)),
        }
    }

    fn inline(&mut self, path: &str) -> String {
        let text = self.words();
        let target = self.target(path);
        match self.rng.u8(..8) {
            0 => format!("![{text}]({target})"),
            1 => format!("[![{text}]({target})]({})", self.target(path)),
            2 => format!("![[{text}]({target})]({})", self.target(path)),
            3 => format!("<{target}>"),
            4 => format!("`[{text}]({target})`"),
            _ => format!("[{text}]({target})"),
        }
    }

    /// A link destination: to a file of the site in one of the ways
    /// writers spell it, or to something missing, outside or external.
    fn target(&mut self, from: &str) -> String {
        let depth = from.matches('/').count();
        let to = self.paths[self.rng.usize(..self.paths.len())].clone();
        let up = "../".repeat(depth);
        let fragment = match self.rng.u8(..6) {
            0 => format!(
                "#{}",
                self.pick(&["标题", "-合作伙伴", "id", "", "%E6%A0%87", "a b"])
            ),
            1 => "?q=1#x".into(),
            _ => String::new(),
        };
        let folder = to.rsplit_once('/').map_or("", |(f, _)| f);
        match self.rng.u8(..16) {
            0 => format!("<{up}{to}{fragment}>"),
            1 => format!("./{up}{}{fragment}", percent_encode(&to)),
            2 => format!("{up}{folder}/"),
            3 => format!("{up}{folder}"),
            4 => format!("{up}缺失.md{fragment}"),
            5 => format!("{}../../outside.md", up),
            6 => fragment,
            7 => self
                .pick(&[
                    "https://例子.com",
                    "mailto:a@b.c",
                    "javascript:x",
                    "",
                    "/abs.md",
                    "%ZZ",
                    "#",
                    "?",
                    "tel:1",
                ])
                .into(),
            8 => format!("{up}{}", to.replace(' ', "%20")),
            9 => format!("{up}{to}{fragment}").replace('/', "\\"),
            _ => format!("{up}{to}{fragment}").replace(' ', "%20"),
        }
    }

    fn table(&mut self, path: &str) -> String {
        let cols = self.rng.usize(1..5);
        let mut t = String::new();
        for row in 0..self.rng.usize(1..5) {
            t.push('|');
            for _ in 0..cols {
                let cell = if self.chance(2) {
                    self.inline(path)
                } else {
                    self.words()
                };
                let _ = write!(t, " {cell} |");
            }
            t.push('\n');
            if row == 0 {
                t.push('|');
                for _ in 0..cols {
                    t.push_str(self.pick(&[" --- |", " :-: |", " --: |", "-|"]));
                }
                t.push('\n');
            }
        }
        t
    }

    fn fence(&mut self) -> String {
        let lang = self.pick(&[
            "", "rust", "toml", "mermaid", "python", "不明", "md", "json",
        ]);
        let fence = self.pick(&["```", "~~~", "````"]);
        let body = match lang {
            "mermaid" => "%%{init: {\"theme\": \"dark\"}}%%\ngraph TD\n  A[合作] --> B\n",
            "toml" => "[a]\nb = \"c\"\n",
            _ => "fn main() { let x = \"<a href='x.md'>\"; }\n",
        };
        let close = if self.chance(4) { "" } else { fence };
        format!("{fence}{lang}\n{body}{close}")
    }

    fn raw_html(&mut self, path: &str) -> String {
        let target = self.target(path);
        match self.rng.u8(..7) {
            0 => format!(
                "<details>\n<summary>{}</summary>\n\n{}\n\n</details>",
                self.words(),
                self.inline(path)
            ),
            1 => format!("<a href=\"{target}\">{}</a>", self.words()),
            2 => format!("<img src=\"{target}\" alt=\"x\">"),
            3 => "<div\n<!-- 未闭合".into(),
            4 => "<script>alert(1)</script><style>p{}</style>".into(),
            5 => format!("<table><tr><td>{}</td></tr></table>", self.inline(path)),
            _ => "</div></span><br/>".into(),
        }
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
