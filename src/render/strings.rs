//! Interface words, Chinese by default, English with `language = "en"`.

use crate::config::Language;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Strings {
    pub home: &'static str,
    pub contents: &'static str,
    pub on_this_page: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub table: &'static str,
    pub heading_link: &'static str,
    pub broken_link: &'static str,
    pub in_this_folder: &'static str,
    pub folder: &'static str,
    pub empty_folder: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub breadcrumb: &'static str,
    pub menu: &'static str,
    pub toggle_theme: &'static str,
    /// The language switcher's label (a multi-language tree).
    pub other_languages: &'static str,
    pub last_updated: &'static str,
    /// The link to the print page of a page's chapter (folder).
    pub print_chapter: &'static str,
    /// The links to the page's source on the forge (`repo-url`).
    pub edit_page: &'static str,
    pub view_source: &'static str,
    pub skip_to_content: &'static str,
    /// Accessible name of an audience build's banner.
    pub audience_banner: &'static str,
    /// Label of the copy button on code blocks, and what it says once done.
    pub copy_code: &'static str,
    pub copied: &'static str,
    /// Label of the expand/collapse button of a sidebar folder.
    pub toggle_folder: &'static str,
    /// Around the number of entries a large folder's sidebar leaves out:
    /// `… 还有 120 项`, `… 120 more`.
    pub more_before: &'static str,
    pub more_after: &'static str,
    /// Accessible name of the previous/next links.
    pub pager: &'static str,
    /// After a folder's number of entries: `1 项`, `1 item`; `12 项`, `12 items`.
    pub entry: &'static str,
    pub entries: &'static str,
    /// The 404 page: the heading over the top-level sections.
    pub sections: &'static str,
    pub not_found_hint: &'static str,
    /// The search box: its name, placeholder, and what its results panel says.
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub search_loading: &'static str,
    pub search_error: &'static str,
    pub search_no_results: &'static str,
    /// After the number of results: `1 个结果`, `1 result`; `12 results`.
    pub search_result: &'static str,
    pub search_results: &'static str,
    pub search_more: &'static str,
    pub search_close: &'static str,
    /// The labels of GitHub alerts (`> [!NOTE]`).
    pub alerts: AlertLabels,
    /// The accessible names of task-list checkboxes.
    pub tasks: TaskLabels,
    /// The tooltip of a sortable table header.
    pub sort_column: &'static str,
    /// The viewer of diagrams and images: the button that opens it and its controls.
    pub zoom: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub zoom_fit: &'static str,
    pub zoom_close: &'static str,
    /// The knowledge-base pages and page parts.
    pub knowledge: KnowledgeWords,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskLabels {
    pub done: &'static str,
    pub open: &'static str,
}

/// `{n}` in a phrase stands for a number.
#[derive(Debug, Clone, Serialize)]
pub struct KnowledgeWords {
    /// Accessible name of the links to the generated pages.
    pub nav: &'static str,
    pub linked_from: &'static str,
    pub more_backlinks: &'static str,
    pub links_here: &'static str,
    /// After a page's done/total: `3/12 已完成`.
    pub tasks_done: &'static str,
    pub tasks: &'static str,
    pub no_tasks: &'static str,
    pub wanted: &'static str,
    pub wanted_intro: &'static str,
    pub no_wanted: &'static str,
    pub not_written: &'static str,
    pub wanted_by_one: &'static str,
    pub wanted_by_many: &'static str,
    pub known: &'static str,
    /// Before the path in a link's title, when the page is known unwritten.
    pub known_prefix: &'static str,
    pub broken_anchors: &'static str,
    pub line: &'static str,
    pub changes: &'static str,
    pub no_changes: &'static str,
    pub tags: &'static str,
    pub no_tags: &'static str,
    pub tag: &'static str,
    pub pages: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlertLabels {
    pub note: &'static str,
    pub tip: &'static str,
    pub important: &'static str,
    pub warning: &'static str,
    pub caution: &'static str,
}

pub const ZH_CN: Strings = Strings {
    home: "首页",
    contents: "目录",
    on_this_page: "本页内容",
    previous: "上一页",
    next: "下一页",
    table: "表格",
    heading_link: "本节链接",
    broken_link: "失效链接：",
    in_this_folder: "本目录内容",
    folder: "目录",
    empty_folder: "此目录暂无页面。",
    not_found_title: "页面不存在",
    not_found_body: "您要找的页面不存在，可能已被移动或删除。",
    back_home: "返回首页",
    breadcrumb: "面包屑导航",
    menu: "菜单",
    toggle_theme: "切换深色/浅色",
    other_languages: "其他语言",
    last_updated: "最后更新",
    print_chapter: "打印本章",
    edit_page: "编辑此页",
    view_source: "查看源文件",
    skip_to_content: "跳到正文",
    audience_banner: "发布范围",
    copy_code: "复制",
    copied: "已复制",
    toggle_folder: "展开/折叠",
    more_before: "还有 ",
    more_after: " 项",
    pager: "翻页",
    entry: "项",
    entries: "项",
    sections: "浏览栏目",
    not_found_hint: "可以从首页或下面的栏目重新开始，也可以在目录中查找。",
    search: "搜索",
    search_placeholder: "搜索文档",
    search_loading: "正在加载搜索索引…",
    search_error: "无法加载搜索索引",
    search_no_results: "没有找到匹配的页面",
    search_result: "个结果",
    search_results: "个结果",
    search_more: "更多结果",
    search_close: "关闭搜索",
    alerts: AlertLabels {
        note: "说明",
        tip: "提示",
        important: "重要",
        warning: "警告",
        caution: "注意",
    },
    tasks: TaskLabels {
        done: "已完成",
        open: "未完成",
    },
    sort_column: "按此列排序",
    zoom: "放大查看",
    zoom_in: "放大",
    zoom_out: "缩小",
    zoom_fit: "适合窗口",
    zoom_close: "关闭",
    knowledge: KnowledgeWords {
        nav: "知识库",
        linked_from: "引用本页的页面",
        more_backlinks: "更多引用本页的页面（{n}）",
        links_here: "{n} 处链接",
        tasks_done: "已完成",
        tasks: "任务",
        no_tasks: "没有任务。",
        wanted: "待写页面",
        wanted_intro: "以下页面已有链接指向，但尚未撰写。",
        no_wanted: "没有待写的页面。",
        not_written: "此页面尚未撰写",
        wanted_by_one: "被 1 个页面引用",
        wanted_by_many: "被 {n} 个页面引用",
        known: "已知未写",
        known_prefix: "尚未撰写：",
        broken_anchors: "失效的锚点",
        line: "第 {n} 行",
        changes: "最近更改",
        no_changes: "没有 git 历史记录。",
        tags: "标签",
        no_tags: "没有标签。",
        tag: "标签：",
        pages: "{n} 个页面",
    },
};

pub const EN: Strings = Strings {
    home: "Home",
    contents: "Contents",
    on_this_page: "On this page",
    previous: "Previous",
    next: "Next",
    table: "Table",
    heading_link: "Link to this section",
    broken_link: "Broken link: ",
    in_this_folder: "In this folder",
    folder: "Folder",
    empty_folder: "This folder has no pages yet.",
    not_found_title: "Page not found",
    not_found_body:
        "The page you are looking for does not exist. It may have been moved or deleted.",
    back_home: "Back to the home page",
    breadcrumb: "Breadcrumb",
    menu: "Menu",
    toggle_theme: "Toggle dark/light",
    other_languages: "Other languages",
    last_updated: "Last updated",
    print_chapter: "Print chapter",
    edit_page: "Edit this page",
    view_source: "View source",
    skip_to_content: "Skip to content",
    audience_banner: "Audience",
    copy_code: "Copy",
    copied: "Copied",
    toggle_folder: "Expand/collapse",
    more_before: "",
    more_after: " more",
    pager: "Previous and next page",
    entry: "item",
    entries: "items",
    sections: "Sections",
    not_found_hint:
        "Start again from the home page or one of the sections below, or look in the contents.",
    search: "Search",
    search_placeholder: "Search the docs",
    search_loading: "Loading the search index…",
    search_error: "The search index could not be loaded",
    search_no_results: "No matching pages",
    search_result: "result",
    search_results: "results",
    search_more: "More results",
    search_close: "Close search",
    alerts: AlertLabels {
        note: "Note",
        tip: "Tip",
        important: "Important",
        warning: "Warning",
        caution: "Caution",
    },
    tasks: TaskLabels {
        done: "Done",
        open: "To do",
    },
    sort_column: "Sort by this column",
    zoom: "View larger",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    zoom_fit: "Fit to window",
    zoom_close: "Close",
    knowledge: KnowledgeWords {
        nav: "Knowledge base",
        linked_from: "Linked from",
        more_backlinks: "More pages linking here ({n})",
        links_here: "{n} links",
        tasks_done: "done",
        tasks: "Tasks",
        no_tasks: "No tasks.",
        wanted: "Wanted pages",
        wanted_intro: "These pages are linked to but not written yet.",
        no_wanted: "No pages are wanted.",
        not_written: "This page has not been written yet",
        wanted_by_one: "wanted by 1 page",
        wanted_by_many: "wanted by {n} pages",
        known: "known, not written yet",
        known_prefix: "Not written yet: ",
        broken_anchors: "Broken anchors",
        line: "line {n}",
        changes: "Recent changes",
        no_changes: "No git history.",
        tags: "Tags",
        no_tags: "No tags.",
        tag: "Tag: ",
        pages: "{n} pages",
    },
};

pub fn for_language(language: Language) -> &'static Strings {
    match language {
        Language::ZhCn => &ZH_CN,
        Language::En => &EN,
    }
}
