// A generated site of many pages, in the shape of a company wiki: folders of
// Chinese pages with headings, lists, tables, task lists, code and links.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TOPICS = ['项目', '客户', '合作', '技术', '财务', '人事', '采购', '市场', '运维', '安全'];
const WORDS = ['需求调研', '方案评审', '里程碑', '风险评估', '交付验收', '预算', '周报', '会议纪要', '培训', '复盘'];

function page(folder, i, pages) {
  const title = `${TOPICS[folder]}${WORDS[i % WORDS.length]}第${i + 1}篇`;
  const next = (i + 1) % pages;
  return `# ${title}

**最后更新**: 2025-${String((i % 12) + 1).padStart(2, '0')}-15

## 📌 概述

本页记录${TOPICS[folder]}方面的${WORDS[i % WORDS.length]}，见[下一篇](p${next}.md)和[总览](../README.md)。

| 事项 | 负责人 | 金额 | 完成度 | 日期 |
|------|--------|------|--------|------|
| 事项甲 | 张伟 | ${i + 3}万 | ${(i * 7) % 100}% | 2025-03-0${(i % 9) + 1} |
| 事项乙 | 李娜 | ${(i * 3) % 50}万 | ${(i * 13) % 100}% | 2025-04-1${i % 10} |

## ✅ 待办

- [x] 整理资料
- [ ] 提交评审

\`\`\`bash
echo "${title}"
\`\`\`
`;
}

/** Writes `folders` x `perFolder` pages under `dir`; returns the output paths of all pages. */
export function writeCorpus(dir, folders = 10, perFolder = 20) {
  const paths = ['index.html'];
  const links = [];
  for (let f = 0; f < folders; f++) {
    const name = `${String(f).padStart(2, '0')}-${TOPICS[f % TOPICS.length]}`;
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'README.md'), `# ${TOPICS[f % TOPICS.length]}\n\n本目录共 ${perFolder} 篇。\n`);
    paths.push(`${name}/index.html`);
    links.push(`- [${TOPICS[f % TOPICS.length]}](${name}/README.md)`);
    for (let i = 0; i < perFolder; i++) {
      writeFileSync(join(dir, name, `p${i}.md`), page(f % TOPICS.length, i, perFolder));
      paths.push(`${name}/p${i}.html`);
    }
  }
  writeFileSync(join(dir, 'README.md'), `# 生成的知识库\n\n${links.join('\n')}\n`);
  return paths;
}
