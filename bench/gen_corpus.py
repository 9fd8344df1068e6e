#!/usr/bin/env python3
"""Benchmark corpus for folio: a deterministic tree of Chinese business Markdown.

    python3 bench/gen_corpus.py OUT_DIR --pages N [--seed S] [--flavor plain|zola|hugo]
                                [--zola-config modern|legacy] [--manifest FILE]

OUT_DIR must be absent or empty. The same N, seed and flavor always give the
same bytes (Python 3 standard library only, no hash-order dependence).

What it writes
  * N Markdown pages in total, folder index pages included (README.md per
    folder, or _index.md for zola/hugo).
  * About N/20 folders holding 10-30 pages each (index page included), named
    with number prefixes in Chinese (`03-客户拓展/02-华东嘉润股份/`); the tree
    is 1-2 levels deep for tiny corpora and 4 levels deep from ~500 pages.
  * Content pages of roughly 1.7-13 KB (median ~4.7 KB): an H1, emoji H2
    sections with CJK H3 subsections, business prose, lists, 1-3 GFM tables,
    a task list, a block quote, a box-drawing tree in a plain code block,
    Mermaid (graph TB or pie, behind a %%{init}%% directive that also sets
    darkThemeVariables) on ~1/3 of pages, rust/python/toml blocks on ~40 %.
  * Relative links: a breadcrumb line, then 5-15 links per content page in
    total (sibling pages, pages elsewhere, folders written with a trailing
    '/', index pages, '#anchor' links to headings on the same page or on
    other pages); index pages link every sub-folder and every page of their
    folder. Anchors use GitHub's heading ids (`## 📊 经营数据` -> `#-经营数据`).
  * About 2 % of all links are broken on purpose (missing page, missing
    folder, or a missing anchor on a page that exists); --manifest lists them.

Flavors
  plain  the Markdown tree as is (what folio builds directly).
  zola   config.toml + templates/ + content/ with `+++` TOML front matter;
         --zola-config modern (Zola >= 0.22, [markdown.highlighting]) or
         legacy (older Zola, highlight_code = true).
  hugo   hugo.toml + layouts/ + content/ with `+++` TOML front matter.
The page text and links are the same in every flavor (links keep `.md`).
"""

import argparse
import json
import math
import os
import posixpath
import random
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# Word lists (all made up for this benchmark)
# ---------------------------------------------------------------------------

AREAS = [
    "集团战略", "经营分析", "客户拓展", "生态伙伴", "项目交付", "产品研发", "品牌市场",
    "财务资金", "人才发展", "数字化运营", "风控合规", "资本运作", "行业洞察", "知识沉淀",
    "会议决策", "制度规范", "采购供应", "区域公司", "质量管理", "信息安全",
]
CLIENT_AREAS = ("客户拓展", "区域公司")
PROJECT_AREAS = ("项目交付",)
PARTNER_AREAS = ("生态伙伴", "资本运作", "采购供应")

THEME_FOLDERS = [
    "年度规划", "专题研究", "月度经营", "标杆对比", "政策跟踪", "培训课件", "模板工具",
    "数据分析", "重点任务", "复盘总结", "案例库", "管理办法",
]
WORK_FOLDERS = [
    "周例会", "过程记录", "专项评审", "往来函件", "交付文档", "验收材料", "沟通纪要",
    "问题清单", "变更管理", "风险跟踪", "调研访谈", "方案评审",
]
PROJECT_KINDS = ["数据中台", "智慧园区", "储能电站", "供应链平台", "财务共享", "安全运营", "营销云", "工业互联网"]
REGIONS = ["华东", "华南", "华北", "西南", "西北", "华中", "东北"]

SYLLABLES = [
    "嘉", "润", "启", "明", "安", "浩", "弘", "德", "卓", "凯", "铭", "晟", "越", "隆", "正",
    "宇", "睿", "辰", "拓", "星", "航", "岳", "锦", "融", "衡", "钧", "朗", "沐", "屹", "澜",
]
FIRM_TYPES = ["股份", "信息", "电气", "物流", "材料", "医疗", "环境", "软件", "重工", "数科"]

TOPIC_NOUNS = [
    "渠道激励", "客户分层", "回款管理", "交付质量", "预算编制", "合同评审", "供应商准入",
    "数据治理", "价格体系", "销售预测", "产品定价", "组织变革", "绩效考核", "投后管理",
    "品牌传播", "招投标", "成本核算", "现金流", "项目立项", "售后服务", "培训体系",
    "信息安全", "合规审查", "市场进入", "竞争格局", "解决方案", "联合营销", "区域布局",
    "战略合作", "运营指标",
]
TOPIC_TYPES = [
    "方案", "报告", "纪要", "手册", "指引", "清单", "台账", "分析", "复盘", "计划", "办法",
    "白皮书", "评估表", "路线图", "工作底稿", "备忘录",
]

ACTORS = [
    "集团总部", "各事业部", "项目经理部", "区域公司", "生态合作部", "交付中心", "采购委员会",
    "风控委员会", "客户成功团队", "解决方案团队", "投后管理组", "财务共享中心", "品牌中心",
    "研发中心", "经营管理部", "战略投资部", "双方工作组", "联合项目办公室",
]
MANNERS = ["牵头", "持续", "重点", "统筹", "协同", "全面", "动态", "逐项", "分批", "按季度"]
ACTIONS = [
    "推动", "梳理", "跟进", "落实", "评估", "优化", "完善", "监测", "核查", "复盘", "部署",
    "对接", "细化", "固化", "拓展", "压降",
]
THINGS = [
    "年度经营计划", "重点客户回款", "渠道伙伴准入", "联合解决方案", "交付里程碑", "商机漏斗",
    "价格授权体系", "服务等级协议", "数据治理规范", "供应商评估", "试点项目复制", "区域市场拓展",
    "营销线索转化", "产品路线图", "成本费用预算", "应收账款管理", "合同履约风险", "知识产权归属",
    "信息安全等保", "人才梯队建设", "股权投资退出", "项目毛利率", "客户满意度", "投标响应效率",
]
GOALS = [
    "以确保全年经营目标顺利达成", "从而有效降低履约风险", "为后续规模化推广奠定基础",
    "进一步提升客户黏性", "形成可复制的标准打法", "实现资源的集约化配置",
    "推动业务与财务的深度融合", "巩固在细分行业的领先地位", "提升跨部门协同效率", "保障现金流安全",
]
FACTS = [
    "预计带来约{n}万元新增收入", "计划于2025年第{q}季度完成", "毛利率目标不低于{p}%",
    "涉及{k}家重点客户", "首批试点覆盖{k}个城市", "平均回款周期缩短{d}天",
    "已累计召开{k}次专题会", "预算执行率达到{p}%",
]
OPENERS = ["从整体上看，", "结合上半年情况，", "根据管理层要求，", "经过多轮沟通，", "对照年度计划，", "", "", ""]
PEOPLE = ["周总", "吴经理", "郑博士", "冯主管", "何总监", "林工", "高总", "罗助理", "梁顾问", "宋律师", "韩主任", "唐会计"]
UNITS = ["经营管理部", "战略投资部", "财务共享中心", "交付中心", "研发中心", "品牌中心", "法务合规部"]
STATES = ["🟢 正常", "🟠 关注", "🔴 预警", "✅ 完成", "⏸️ 暂停", "🔵 规划中", "⏳ 推进中"]

# H2 headings: emoji + text. Some carry a variation selector (⚙️), a ZWJ
# sequence (🧑‍💼), digits, ASCII letters or punctuation, so that links to them
# exercise the whole GitHub heading-id algorithm.
H2_POOL = [
    ("📋", "项目概况"), ("🎯", "年度目标"), ("🧭", "战略方向"), ("📊", "经营数据"),
    ("💼", "商务条款"), ("🤝", "伙伴协同"), ("⚙️", "技术架构"), ("🔐", "安全与合规"),
    ("📦", "交付物清单"), ("🗓️", "关键里程碑"), ("💹", "财务测算"), ("🧑‍💼", "团队分工"),
    ("🚦", "风险预警"), ("📝", "变更记录"), ("🌱", "生态培育"), ("🏁", "结论与建议"),
    ("📚", "参考资料"), ("🔄", "复盘改进"), ("🛡️", "风险缓释"), ("📣", "对外宣传"),
    ("💡", "创新举措"), ("🔬", "技术预研"), ("📈", "2025年经营指标"), ("❓", "常见问题（FAQ）"),
    ("🧾", "合同·结算"), ("🏢", "组织与职责"),
]
RELATED_H2 = "🔗 相关文档"
H3_HEADS = [
    "渠道激励", "客户分层", "回款", "交付质量", "预算", "合同", "供应商", "数据口径", "价格",
    "销售预测", "组织", "考核", "投后", "品牌", "投标", "成本", "现金流", "立项", "服务",
    "培训", "安全", "合规", "市场", "竞争", "方案", "营销", "区域", "合作", "运营",
]
H3_TAILS = [
    "原则", "要点", "流程", "标准", "口径", "安排", "措施", "分工", "节奏", "目标", "现状",
    "问题", "建议", "依据", "范围", "指标",
]
CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")

TABLE_KINDS = [
    ["事项", "责任部门", "牵头人", "截止日期", "当前进展"],
    ["客户名称", "所属行业", "签约金额（万元）", "回款比例", "健康度"],
    ["指标", "基线值", "目标值", "实际值", "偏差说明"],
    ["风险描述", "影响程度", "发生概率", "缓释措施", "责任人"],
    ["阶段", "起止时间", "交付物", "验收标准", "状态"],
]
INDUSTRIES = ["制造", "能源", "医疗", "零售", "金融", "物流", "政务", "教育"]
LEVELS = ["高", "中", "低"]

# Targets of deliberately broken links; none of these is ever generated.
GONE_FOLDER = "00-已归档资料"
GONE_TITLES = ["旧版合作框架", "废止制度汇编", "草稿-待确认", "历史版本说明", "临时记录"]
GONE_ANCHORS = ["已删除的章节", "历史版本说明", "附录三"]
BROKEN_RATE = 0.028  # per chosen link; breadcrumbs and index listings never break

MERMAID_INIT = (
    "%%{init: {\"theme\": \"base\", \"themeVariables\": {\"primaryColor\": \"#eef4ff\", "
    "\"primaryTextColor\": \"#102a43\", \"primaryBorderColor\": \"#486581\", \"lineColor\": \"#627d98\", "
    "\"fontFamily\": \"PingFang SC, Microsoft YaHei, sans-serif\"}, \"darkThemeVariables\": "
    "{\"primaryColor\": \"#1f2933\", \"primaryTextColor\": \"#f5f7fa\", \"primaryBorderColor\": \"#9fb3c8\", "
    "\"lineColor\": \"#bcccdc\"}}}%%"
)


def github_slug(text):
    """Heading id as GitHub (github-slugger) makes it: lowercase, drop every
    character that is not a letter, mark, number, connector punctuation, space
    or hyphen, then spaces to hyphens."""
    out = []
    for ch in text.lower():
        if ch == " ":
            out.append("-")
        elif ch == "-" or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc":
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# Folder tree
# ---------------------------------------------------------------------------


class Folder:
    def __init__(self, parent, name, area):
        self.parent = parent
        self.name = name
        self.area = area
        self.depth = 0 if parent is None else parent.depth + 1
        self.children = []
        self.pages = []  # index page first
        if parent is None:
            self.path = ""
        else:
            self.path = name if parent.path == "" else parent.path + "/" + name

    @property
    def title(self):
        return re.sub(r"^[A-Z]*\d+-", "", self.name) if self.name else "企业知识库"

    def top(self):
        f = self
        while f.depth > 1:
            f = f.parent
        return f


class Page:
    def __init__(self, folder, filename, title, is_index):
        self.folder = folder
        self.filename = filename
        self.title = title
        self.is_index = is_index
        self.path = filename if folder.path == "" else folder.path + "/" + filename
        self.h2 = []  # (heading text, slug)
        self.h3 = []  # (heading text, slug), CJK only
        self.plan = None


def firm(rng):
    return rng.choice(SYLLABLES) + rng.choice(SYLLABLES)


def child_folder_name(rng, parent, number):
    if parent.depth == 0:
        area = AREAS[(number - 1) % len(AREAS)]
        round_ = (number - 1) // len(AREAS)
        return "%02d-%s" % (number, area + ("" if round_ == 0 else str(round_ + 1))), area
    area = parent.area
    if parent.depth == 1 and area in CLIENT_AREAS:
        return "%02d-%s%s%s" % (number, rng.choice(REGIONS), firm(rng), rng.choice(FIRM_TYPES)), area
    if parent.depth == 1 and area in PARTNER_AREAS:
        return "%02d-%s%s" % (number, firm(rng), rng.choice(FIRM_TYPES)), area
    if parent.depth == 1 and area in PROJECT_AREAS:
        return "%02d-%s%s项目" % (number, firm(rng), rng.choice(PROJECT_KINDS)), area
    if parent.depth == 1:
        return "%02d-%s" % (number, rng.choice(THEME_FOLDERS)), area
    return "%02d-%s" % (number, rng.choice(WORK_FOLDERS)), area


def page_title(rng, year_ok=True):
    r = rng.random()
    if r < 0.5:
        return rng.choice(TOPIC_NOUNS) + rng.choice(TOPIC_TYPES)
    if r < 0.7:
        a, b = rng.sample(TOPIC_NOUNS, 2)
        return a + "与" + b + rng.choice(TOPIC_TYPES)
    if r < 0.85 and year_ok:
        return "%d年度%s%s" % (rng.choice([2024, 2025]), rng.choice(TOPIC_NOUNS), rng.choice(TOPIC_TYPES))
    return firm(rng) + rng.choice(TOPIC_NOUNS) + rng.choice(TOPIC_TYPES)


def apportion(total, weights):
    """Integers proportional to weights summing to total (largest remainder)."""
    s = float(sum(weights))
    raw = [w * total / s for w in weights]
    out = [int(math.floor(x)) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def build_tree(n_pages, seed, index_name):
    rng = random.Random("folio-bench/tree/%d/%d" % (seed, n_pages))
    root = Folder(None, "", "")
    if n_pages < 24:
        n_folders, root_content = 0, n_pages - 1
    else:
        root_content = 4
        n_folders = max(1, int(round(n_pages / 20.0)))
        n_folders = min(n_folders, (n_pages - 1 - root_content) // 2)
    max_depth = 1 if n_folders < 4 else 2 if n_folders < 10 else 3 if n_folders < 24 else 4
    n_top = min(n_folders, len(AREAS), max(1, int(round(0.8 * math.sqrt(n_folders)))))
    if max_depth == 1:
        n_top = n_folders

    folders = [root]

    def add(parent):
        name, area = child_folder_name(rng, parent, len(parent.children) + 1)
        f = Folder(parent, name, area)
        parent.children.append(f)
        folders.append(f)
        return f

    for _ in range(n_top):
        add(root)
    # one chain down to the deepest level, so the depth never depends on luck
    f = folders[1] if n_top else root
    while f.depth < max_depth and len(folders) - 1 < n_folders and n_top:
        f = add(f)
    # the rest hang under random folders; deeper, less crowded parents are preferred
    while len(folders) - 1 < n_folders:
        cands = [g for g in folders[1:] if g.depth < max_depth]
        weights = [(1.0 + g.depth) / (1.0 + len(g.children)) ** 2 for g in cands]
        add(rng.choices(cands, weights)[0])

    # pages: index page everywhere; 9-29 content pages per folder, scaled to fit N
    content_total = n_pages - 1 - root_content - n_folders
    per_folder = apportion(content_total, [rng.uniform(9.0, 29.0) for _ in folders[1:]]) if n_folders else []
    counts = [root_content] + per_folder
    pages = []
    for folder, count in zip(folders, counts):
        idx = Page(folder, index_name, folder.title, True)
        folder.pages.append(idx)
        pages.append(idx)
        taken = {g.name for g in folder.children}
        titles = set()
        width = 3 if count >= 100 else 2
        for i in range(count):
            title = page_title(rng)
            tries = 0
            while title in titles and tries < 20:
                title, tries = page_title(rng), tries + 1
            if title in titles:
                title += "（%d）" % (i + 1)
            titles.add(title)
            stem = "%0*d-%s" % (width, i + 1, title)
            if stem in taken:  # Hugo/Zola would give page and folder one URL
                stem += "-文档"
            p = Page(folder, stem + ".md", title, False)
            folder.pages.append(p)
            pages.append(p)
    assert len(pages) == n_pages, (len(pages), n_pages)
    return root, folders, pages


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------


def fact(rng):
    return rng.choice(FACTS).format(n=rng.randint(20, 900), q=rng.randint(1, 4),
                                    p=rng.randint(15, 98), k=rng.randint(2, 40), d=rng.randint(5, 60))


def sentence(rng):
    s = rng.choice(OPENERS) + rng.choice(ACTORS) + rng.choice(MANNERS) + rng.choice(ACTIONS) + rng.choice(THINGS)
    if rng.random() < 0.55:
        s += "，" + rng.choice(GOALS)
    if rng.random() < 0.3:
        s += "（" + fact(rng) + "）"
    return s + "。"


def paragraph(rng, lo=2, hi=5):
    text = "".join(sentence(rng) for _ in range(rng.randint(lo, hi)))
    if rng.random() < 0.2:
        text = text.replace(rng.choice(THINGS), "**%s**" % rng.choice(THINGS), 1)
    if rng.random() < 0.05:
        text += "~~%s%s~~（已取消）" % (rng.choice(ACTIONS), rng.choice(THINGS))
    return text


def bullets(rng):
    out = ["**%s%s**：" % (rng.choice(THINGS), rng.choice(["要点", "安排", "口径", "注意事项"])), ""]
    for _ in range(rng.randint(3, 6)):
        r = rng.random()
        if r < 0.4:
            out.append("- **%s**：%s" % (rng.choice(THINGS), sentence(rng)))
        elif r < 0.7:
            out.append("- %s%s，%s" % (rng.choice(ACTIONS), rng.choice(THINGS), rng.choice(GOALS)))
        else:
            out.append("- %s %s%s" % (rng.choice(STATES).split()[0], rng.choice(ACTIONS), rng.choice(THINGS)))
    return "\n".join(out)


def numbered(rng):
    out = []
    for i in range(rng.randint(3, 5)):
        out.append("%d. **%s**：%s" % (i + 1, rng.choice(THINGS), sentence(rng)))
        if rng.random() < 0.3:
            out.append("   - 责任人：%s（%s）" % (rng.choice(PEOPLE), rng.choice(UNITS)))
    return "\n".join(out)


def table(rng, rows):
    cols = rng.choice(TABLE_KINDS)
    if rng.random() < 0.4:
        cols = cols[:4]
    out = ["| " + " | ".join(cols) + " |", "|" + "|".join(":---" if i == 0 else "---" for i in range(len(cols))) + "|"]
    for _ in range(rows):
        cells = []
        for c in cols:
            if c in ("事项", "指标", "风险描述"):
                cells.append("**%s%s**" % (rng.choice(ACTIONS), rng.choice(THINGS)))
            elif c == "客户名称":
                cells.append(rng.choice(REGIONS) + firm(rng) + rng.choice(FIRM_TYPES))
            elif c == "所属行业":
                cells.append(rng.choice(INDUSTRIES))
            elif c in ("责任部门",):
                cells.append(rng.choice(UNITS))
            elif c in ("牵头人", "责任人"):
                cells.append(rng.choice(PEOPLE))
            elif c in ("截止日期", "起止时间"):
                m = rng.randint(1, 11)
                cells.append("2025-%02d-%02d" % (m, rng.randint(1, 28)) if c == "截止日期"
                             else "2025-%02d ~ 2025-%02d" % (m, m + 1))
            elif c in ("签约金额（万元）",):
                cells.append("%d" % rng.randint(30, 2400))
            elif c in ("回款比例", "基线值", "目标值", "实际值"):
                cells.append("%d%%" % rng.randint(10, 100))
            elif c in ("影响程度", "发生概率"):
                cells.append(rng.choice(LEVELS))
            elif c in ("健康度", "状态", "当前进展"):
                cells.append(rng.choice(STATES))
            elif c == "阶段":
                cells.append(rng.choice(["启动", "调研", "设计", "实施", "试运行", "验收"]))
            else:
                cells.append(rng.choice(ACTIONS) + rng.choice(THINGS))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def tasks(rng):
    out = ["**%s**：" % rng.choice(["本周待办", "近期行动项", "季度重点", "遗留问题"]), ""]
    for _ in range(rng.randint(3, 7)):
        out.append("- [%s] %s：%s%s" % ("x" if rng.random() < 0.4 else " ", rng.choice(PEOPLE),
                                        rng.choice(ACTIONS), rng.choice(THINGS)))
    return "\n".join(out)


def quote(rng):
    q = "> **%s**：%s" % (rng.choice(["提示", "注意", "管理层意见", "结论"]), sentence(rng))
    if rng.random() < 0.5:
        q += "\n>\n> " + sentence(rng)
    return q


def tree_diagram(rng, branches):
    out = ["```", rng.choice(["组织架构", "合作治理结构", "文档目录", "产品模块", "项目组织"])]
    for b in range(branches):
        last = b == branches - 1
        out.append(("└── " if last else "├── ") + rng.choice(UNITS))
        n = rng.randint(1, 3)
        for k in range(n):
            out.append(("    " if last else "│   ") + ("└── " if k == n - 1 else "├── ") +
                       rng.choice(PEOPLE) + "：" + rng.choice(ACTIONS) + rng.choice(THINGS))
    out.append("```")
    return "\n".join(out)


def mermaid(rng):
    out = ["```mermaid", MERMAID_INIT]
    if rng.random() < 0.6:
        out.append("graph TB")
        n = rng.randint(5, 14)
        labels = [rng.choice(THINGS) for _ in range(n)]
        for i in range(1, n):
            j = rng.randrange(0, i)
            out.append("    S%d[\"%s\"] --> S%d[\"%s\"]" % (j, labels[j], i, labels[i]))
    else:
        out.append("pie showData")
        out.append("    title %s" % rng.choice(["收入构成", "客户行业分布", "成本结构", "合作伙伴类型"]))
        parts = apportion(100, [rng.uniform(1, 4) for _ in range(rng.randint(3, 6))])
        for v in parts:
            out.append("    \"%s\" : %d" % (rng.choice(INDUSTRIES + REGIONS), v))
    out.append("```")
    return "\n".join(out)


def code_rust(rng):
    ty = rng.choice(["Contract", "Settlement", "Pipeline", "Milestone"])
    return "\n".join([
        "```rust",
        "/// %s" % sentence(rng),
        "#[derive(Debug, Clone)]",
        "pub struct %s {" % ty,
        "    pub code: String,",
        "    pub amount_cents: i64,",
        "    pub ratio: f32,",
        "}",
        "",
        "impl %s {" % ty,
        "    pub fn share(&self) -> i64 {",
        "        // %s%s" % (rng.choice(ACTIONS), rng.choice(THINGS)),
        "        (self.amount_cents as f64 * f64::from(self.ratio)).round() as i64",
        "    }",
        "}",
        "",
        "pub fn total(items: &[%s]) -> i64 {" % ty,
        "    items.iter().filter(|c| c.ratio > 0.%d).map(%s::share).sum()" % (rng.randint(1, 9), ty),
        "}",
        "```",
    ])


def code_python(rng):
    return "\n".join([
        "```python",
        "from collections import defaultdict",
        "",
        "STAGE_WEIGHT = {\"线索\": 0.1, \"方案\": 0.3, \"商务\": 0.6, \"签约\": 0.9}",
        "",
        "",
        "def forecast(deals):",
        "    \"\"\"%s\"\"\"" % sentence(rng),
        "    by_region = defaultdict(float)",
        "    for deal in deals:",
        "        by_region[deal[\"region\"]] += deal[\"amount\"] * STAGE_WEIGHT.get(deal[\"stage\"], 0)",
        "    return {k: round(v, %d) for k, v in sorted(by_region.items())}" % rng.randint(0, 2),
        "```",
    ])


def code_toml(rng):
    return "\n".join([
        "```toml",
        "# %s%s" % (rng.choice(ACTIONS), rng.choice(THINGS)),
        "[contract]",
        "id = \"HT-2025-%04d\"" % rng.randint(1, 9999),
        "customer = \"%s%s\"" % (firm(rng), rng.choice(FIRM_TYPES)),
        "amount = %d" % rng.randint(100000, 9000000),
        "signed = 2025-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
        "",
        "[[contract.milestone]]",
        "name = \"%s\"" % rng.choice(["首付款", "到货验收", "终验", "质保金"]),
        "ratio = 0.%d" % rng.randint(1, 6),
        "```",
    ])


CODE = [code_rust, code_python, code_toml]


# ---------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------


def rel_file(from_dir, path):
    r = posixpath.relpath(path, from_dir or ".")
    return r if r.startswith("../") else "./" + r


def rel_dir(from_dir, path):
    r = posixpath.relpath(path or ".", from_dir or ".")
    if r == ".":
        return "./"
    return (r if r.startswith("../") else "./" + r) + "/"


class Links:
    def __init__(self, ctx, page, rng):
        self.ctx, self.page, self.rng = ctx, page, rng
        self.dir = page.folder.path

    def count(self, n=1):
        self.ctx.stats["links"] += n

    def breadcrumb(self):
        page, ctx = self.page, self.ctx
        home = ctx.root.pages[0]
        if page is home:
            return None
        parts = ["[首页](%s)" % rel_file(self.dir, home.path)]
        self.count()
        if not page.is_index and page.folder.depth >= 1:
            parts.append("[%s](./%s)" % (page.folder.title, ctx.index_name))
            self.count()
        elif page.is_index and page.folder.depth >= 2:
            parent = page.folder.parent
            parts.append("[%s](%s)" % (parent.title, rel_file(self.dir, parent.pages[0].path)))
            self.count()
        parts.append(page.title)
        return " > ".join(parts)

    def broken(self):
        rng, page = self.rng, self.page
        r = rng.random()
        if r < 0.5:
            href = "./%02d-%s.md" % (rng.randint(90, 98), rng.choice(GONE_TITLES))
            kind = "missing-page"
        elif r < 0.75:
            href = rel_dir(self.dir, GONE_FOLDER) if rng.random() < 0.5 else \
                rel_file(self.dir, GONE_FOLDER + "/" + rng.choice(GONE_TITLES) + ".md")
            kind = "missing-folder"
        else:
            target = rng.choice(self.ctx.content_pages)
            if target is page:  # same-page anchors must resolve (Zola checks them)
                target = self.ctx.root.pages[0]
            href = rel_file(self.dir, target.path) + "#" + rng.choice(GONE_ANCHORS)
            kind = "missing-anchor"
        self.ctx.broken.append({"page": page.path, "href": href, "kind": kind})
        return "[%s](%s)" % (rng.choice(GONE_TITLES), href)

    def pick(self):
        """One link (Markdown) to a random target, broken with BROKEN_RATE."""
        ctx, page, rng = self.ctx, self.page, self.rng
        self.count()
        if rng.random() < BROKEN_RATE:
            return self.broken()
        kind = rng.choices(["sibling", "area", "any", "folder", "here", "anchor", "index"],
                           [25, 20, 15, 12, 8, 12, 8])[0]
        siblings = [p for p in page.folder.pages[1:] if p is not page]
        if kind == "sibling" and not siblings:
            kind = "any"
        if kind == "here" and not page.h3:
            kind = "anchor"
        if kind == "sibling":
            t = rng.choice(siblings)
            return "[%s](%s)" % (t.title, rel_file(self.dir, t.path))
        if kind in ("area", "any"):
            pool = ctx.area_pages.get(page.folder.top().path) if page.folder.depth and kind == "area" else None
            t = rng.choice(pool or ctx.pages)
            if t is page:
                t = ctx.root.pages[0] if page is not ctx.root.pages[0] else ctx.pages[-1]
            return "[%s](%s)" % (t.title, rel_file(self.dir, t.path))
        if kind == "folder":
            r = rng.random()
            if page.folder.children and r < 0.4:
                f = rng.choice(page.folder.children)
            elif page.folder.parent is not None and r < 0.6:
                f = page.folder.parent
            else:
                f = rng.choice(ctx.folders)
            return "[%s](%s)" % (f.title + "目录", rel_dir(self.dir, f.path))
        if kind == "here":
            text, slug = rng.choice(page.h3)
            return "[%s](#%s)" % (text, slug)
        if kind == "anchor":
            t = rng.choice(ctx.content_pages)
            if t is page:
                t = ctx.content_pages[(ctx.content_pages.index(t) + 1) % len(ctx.content_pages)]
            if t.h3 and rng.random() < 0.6:
                text, slug = rng.choice(t.h3)
            else:
                text, slug = rng.choice(t.h2)
            return "[%s · %s](%s#%s)" % (t.title, text, rel_file(self.dir, t.path), slug)
        # index page of this folder or of the parent folder
        f = page.folder.parent if (page.folder.parent is not None and rng.random() < 0.4) else page.folder
        t = f.pages[0]
        if t is page:
            t = ctx.root.pages[0] if page is not ctx.root.pages[0] else ctx.pages[-1]
        return "[%s](%s)" % (t.title, rel_file(self.dir, t.path))


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def plan(page, rng):
    # log-uniform target size; the fixed blocks push small pages up a little
    target = int(math.exp(rng.uniform(math.log(1450), math.log(12200))))
    n_h2 = max(3, min(8, 2 + target // 2000))
    h2s = rng.sample(H2_POOL, n_h2)
    seen = set()
    sections = []
    for emoji, text in h2s:
        heading = emoji + " " + text
        page.h2.append((heading, github_slug(heading)))
        subs = []
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            h = rng.choice(H3_HEADS) + rng.choice(H3_TAILS)
            if h in seen or not CJK_ONLY.match(h):
                continue
            seen.add(h)
            subs.append(h)
            page.h3.append((h, github_slug(h)))
        sections.append((heading, subs))
    page.plan = {
        "target": target,
        "sections": sections,
        "tables": rng.choice([1, 2, 2, 3]),
        "mermaid": rng.random() < 1 / 3.0,
        "code": rng.sample(range(3), rng.choice([1, 1, 2])) if rng.random() < 0.4 else [],
        "links": rng.randint(5, 15),
        "footnote": rng.random() < 0.1,
    }


def nbytes(lines):
    return sum(len(x.encode("utf-8")) + 1 for x in lines)


def content_page(ctx, page, rng):
    p = page.plan
    links = Links(ctx, page, rng)
    out = []
    crumb = links.breadcrumb()
    crumbs_used = 0
    if crumb:
        out += [crumb, ""]
        crumbs_used = crumb.count("](")
    out += ["# " + page.title, "",
            "- **负责人**：%s（%s）" % (rng.choice(PEOPLE), rng.choice(UNITS)),
            "- **更新日期**：2025-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
            "- **文档状态**：%s%s" % (rng.choice(STATES), "[^说明]" if p["footnote"] else ""),
            "", "---", ""]

    n_links = max(0, p["links"] - crumbs_used)
    small = p["target"] < 3500
    blocks = ["table"] * p["tables"] + ["tasks", "quote", "tree"]
    if p["mermaid"]:
        blocks.append("mermaid")
        ctx.stats["mermaid"] += 1
    blocks += ["code%d" % i for i in p["code"]]
    ctx.stats["code"] += len(p["code"])
    ctx.stats["tables"] += p["tables"]
    rng.shuffle(blocks)

    slots = []
    for h2, subs in p["sections"]:
        slots.append(["## " + h2])
        for h3 in subs:
            slots.append(["### " + h3])
    # slot 0 is an H2; blocks go round-robin, inline links into random slots
    for i, b in enumerate(blocks):
        s = slots[i % len(slots)]
        if b == "table":
            s.append(table(rng, rng.randint(2, 3) if small else rng.randint(3, 8)))
        elif b == "tasks":
            s.append(tasks(rng))
        elif b == "quote":
            s.append(quote(rng))
        elif b == "tree":
            s.append(tree_diagram(rng, 2 if small else rng.randint(3, 4)))
        elif b == "mermaid":
            s.append(mermaid(rng))
        else:
            s.append(CODE[int(b[4:])](rng))
    n_inline = n_links // 3
    for _ in range(n_inline):
        s = slots[rng.randrange(len(slots))]
        s.append(rng.choice(["详见", "参见", "相关背景见", "数据来源："]) + links.pick() + "。" + sentence(rng))

    tail = ["---", "", "## " + RELATED_H2, ""]
    for _ in range(n_links - n_inline):
        tail.append("- " + links.pick())
    tail.append("")
    if p["footnote"]:
        tail += ["[^说明]: " + sentence(rng), ""]
    tail += ["*本文档由%s维护，如有疑问请联系%s。*" % (rng.choice(UNITS), rng.choice(PEOPLE)), ""]

    # pad with prose until the target size is reached
    size = nbytes(out) + nbytes(tail) + sum(nbytes(s) * 1 + len(s) for s in slots)
    while size < p["target"]:
        r = rng.random()
        piece = paragraph(rng) if r < 0.55 else bullets(rng) if r < 0.85 else numbered(rng)
        s = slots[rng.randrange(len(slots))]
        s.insert(rng.randint(1, len(s)), piece)
        size += len(piece.encode("utf-8")) + 2

    body = []
    for s in slots:
        if s[0].startswith("## ") and body:
            body += ["---", ""]
        for item in s:
            body += [item, ""]
    return "\n".join(out + body + tail)


def index_page(ctx, page, rng):
    folder = page.folder
    links = Links(ctx, page, rng)
    out = []
    crumb = links.breadcrumb()
    if crumb:
        out += [crumb, ""]
    out += ["# " + page.title, "", paragraph(rng, 2, 3), "", quote(rng), ""]
    if folder.children:
        out += ["## 🗂️ 子目录", "", "| 目录 | 内容 | 状态 |", "|---|---|---|"]
        for f in folder.children:
            out.append("| [%s](%s) | %d 篇文档 | %s |" % (f.title, "./" + f.name + "/",
                                                      len(f.pages), rng.choice(STATES)))
            links.count()
        out.append("")
    if len(folder.pages) > 1:
        out += ["## 📄 文档列表", ""]
        for p in folder.pages[1:]:
            out.append("- [%s](./%s) — %s%s" % (p.title, p.filename, rng.choice(ACTIONS), rng.choice(THINGS)))
            links.count()
        out.append("")
    out += ["## ✅ 维护事项", "", tasks(rng), ""]
    # the real layout of this folder, as a tree diagram
    entries = [f.name + "/" for f in folder.children] + [p.filename for p in folder.pages]
    shown = entries[:12]
    diagram = ["```", (folder.name or "根目录") + "/"]
    for i, e in enumerate(shown):
        diagram.append(("└── " if i == len(shown) - 1 and len(shown) == len(entries) else "├── ") + e)
    if len(shown) < len(entries):
        diagram.append("└── …（共 %d 项）" % len(entries))
    diagram.append("```")
    out += ["## 🌳 目录结构", "", "\n".join(diagram), ""]
    if folder.parent is not None:
        out += ["**上级目录**：" + "[%s](%s)" % (folder.parent.title, rel_file(folder.path, folder.parent.pages[0].path)), ""]
        links.count()
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Flavors
# ---------------------------------------------------------------------------

ZOLA_CONFIG_HEAD = """# Generated by folio's bench/gen_corpus.py.
base_url = "https://bench.example"
title = "企业知识库"
default_language = "zh"
compile_sass = false
build_search_index = false
"""
ZOLA_CONFIG_MODERN = """generate_sitemap = false
generate_robots_txt = false

[slugify]
# "on" (the default) turns CJK paths and heading ids into pinyin; then every
# same-page `#中文标题` link would fail the build.
paths = "safe"
anchors = "safe"

[markdown.highlighting]
theme = "github-light"
"""
ZOLA_CONFIG_LEGACY = """
[slugify]
paths = "safe"
anchors = "safe"

[markdown]
highlight_code = true
"""
ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock title %}</title></head>
<body>{% block body %}{% endblock body %}</body></html>
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block body %}<main>{{ page.content | safe }}</main>{% endblock body %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block body %}<main>{{ section.content | safe }}</main>
<nav><ul>
{%- for path in section.subsections %}{% set s = get_section(path=path, metadata_only=true) %}
<li><a href="{{ s.permalink | safe }}">{{ s.title }}</a></li>{% endfor %}
{%- for p in section.pages %}
<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}
</ul></nav>{% endblock body %}
""",
    "index.html": """{% extends "section.html" %}
""",
}
HUGO_CONFIG = """# Generated by folio's bench/gen_corpus.py.
baseURL = "https://bench.example/"
title = "企业知识库"
languageCode = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]

[markup.highlight]
codeFences = true
noClasses = true
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
""",
    "_default/single.html": """{{ define "main" }}<main>{{ .Content }}</main>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<main>{{ .Content }}</main>
<nav><ul>
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></nav>{{ end }}
""",
}


def toml_str(s):
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""


def front_matter(flavor, page, weight):
    lines = ["+++", "title = " + toml_str(page.title), "weight = %d" % weight]
    if flavor == "zola" and page.is_index:
        lines.append("sort_by = \"weight\"")
    return "\n".join(lines + ["+++", "", ""])


def write_file(path, text):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


class Ctx:
    pass


def generate(out_dir, n_pages, seed, flavor, zola_config="modern"):
    if n_pages < 1:
        raise SystemExit("--pages must be at least 1")
    index_name = "README.md" if flavor == "plain" else "_index.md"
    content_dir = out_dir if flavor == "plain" else os.path.join(out_dir, "content")
    root, folders, pages = build_tree(n_pages, seed, index_name)

    ctx = Ctx()
    ctx.root, ctx.folders, ctx.pages, ctx.index_name = root, folders, pages, index_name
    ctx.content_pages = [p for p in pages if not p.is_index] or pages
    ctx.broken = []
    ctx.stats = {"links": 0, "mermaid": 0, "code": 0, "tables": 0}
    ctx.area_pages = {}
    for f in folders:
        if f.depth >= 1:
            ctx.area_pages.setdefault(f.top().path, []).extend(f.pages)

    rngs = {}
    for p in pages:
        rngs[p.path] = random.Random("folio-bench/page/%d/%s" % (seed, p.path))
        if not p.is_index:
            plan(p, rngs[p.path])

    sizes = []
    for p in pages:
        rng = rngs[p.path]
        text = index_page(ctx, p, rng) if p.is_index else content_page(ctx, p, rng)
        if flavor != "plain":
            text = front_matter(flavor, p, p.folder.pages.index(p) + 1) + text
        sizes.append(len(text.encode("utf-8")))
        write_file(os.path.join(content_dir, *p.path.split("/")), text)

    if flavor == "zola":
        write_file(os.path.join(out_dir, "config.toml"), ZOLA_CONFIG_HEAD +
                   (ZOLA_CONFIG_MODERN if zola_config == "modern" else ZOLA_CONFIG_LEGACY))
        for name, body in ZOLA_TEMPLATES.items():
            write_file(os.path.join(out_dir, "templates", name), body)
    elif flavor == "hugo":
        write_file(os.path.join(out_dir, "hugo.toml"), HUGO_CONFIG)
        for name, body in HUGO_LAYOUTS.items():
            write_file(os.path.join(out_dir, "layouts", *name.split("/")), body)

    content_sizes = sorted(s for s, p in zip(sizes, pages) if not p.is_index)
    all_sizes = sorted(sizes)
    return {
        "generator": "folio bench/gen_corpus.py",
        "seed": seed,
        "flavor": flavor,
        "pages": len(pages),
        "folders": len(folders) - 1,
        "max_depth": max(f.depth for f in folders),
        "bytes_total": sum(sizes),
        "bytes_min": all_sizes[0],
        "bytes_median": all_sizes[len(all_sizes) // 2],
        "bytes_max": all_sizes[-1],
        "content_bytes_min": content_sizes[0] if content_sizes else 0,
        "content_bytes_median": content_sizes[len(content_sizes) // 2] if content_sizes else 0,
        "content_bytes_max": content_sizes[-1] if content_sizes else 0,
        "links": ctx.stats["links"],
        "tables": ctx.stats["tables"],
        "mermaid_blocks": ctx.stats["mermaid"],
        "code_blocks": ctx.stats["code"],
        "broken_links": ctx.broken,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--pages", type=int, required=True, help="number of Markdown pages, index pages included")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--flavor", choices=["plain", "zola", "hugo"], default="plain")
    ap.add_argument("--zola-config", choices=["modern", "legacy"], default="modern",
                    help="zola flavor: modern = Zola >= 0.22, legacy = older Zola")
    ap.add_argument("--manifest", metavar="FILE", help="write counts and every broken link as JSON to FILE")
    args = ap.parse_args(argv)
    if os.path.exists(args.out_dir) and (not os.path.isdir(args.out_dir) or os.listdir(args.out_dir)):
        raise SystemExit("gen_corpus.py: %s exists and is not an empty folder" % args.out_dir)
    info = generate(args.out_dir, args.pages, args.seed, args.flavor, args.zola_config)
    if args.manifest:
        write_file(args.manifest, json.dumps(info, ensure_ascii=False, indent=1) + "\n")
    print("gen_corpus: %d pages, %d folders (depth %d), %.1f MB, page median %.1f KB, %d links "
          "(%d broken on purpose, %.1f %%), %d mermaid, %d code blocks -> %s" % (
              info["pages"], info["folders"], info["max_depth"], info["bytes_total"] / 1e6,
              info["content_bytes_median"] / 1e3, info["links"], len(info["broken_links"]),
              100.0 * len(info["broken_links"]) / max(1, info["links"]), info["mermaid_blocks"],
              info["code_blocks"], args.out_dir), file=sys.stderr)


if __name__ == "__main__":
    main()
