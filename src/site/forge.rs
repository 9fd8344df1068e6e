//! The repository's web address on its forge (GitHub, GitLab): where its
//! own pages, and each file's view and editor, are.

/// Where the repository is on the web (`repo-url`, `repo-branch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAddress {
    /// Without a trailing `/`.
    pub url: String,
    pub branch: String,
}

impl WebAddress {
    pub fn new(url: &str, branch: &str) -> WebAddress {
        WebAddress {
            url: url.trim_end_matches('/').to_string(),
            branch: branch.to_string(),
        }
    }

    /// One of the repository's own pages: `issues`, `wiki/Home`, ...
    pub fn page(&self, rest: &str) -> String {
        format!("{}/{rest}", self.url)
    }

    /// GitLab puts file views under `/-/`; GitHub at the top.
    fn view(&self, kind: &str, repo_path: &str) -> String {
        let dash = if self.url.contains("gitlab") {
            "-/"
        } else {
            ""
        };
        let path: Vec<String> = repo_path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(crate::site::urls::encode_segment)
            .collect();
        format!(
            "{}/{dash}{kind}/{}/{}",
            self.url,
            crate::site::urls::encode_segment(&self.branch).replace("%2F", "/"),
            path.join("/")
        )
    }

    /// The file as the forge shows it.
    pub fn blob(&self, repo_path: &str) -> String {
        self.view("blob", repo_path)
    }

    /// The forge's editor for the file.
    pub fn edit(&self, repo_path: &str) -> String {
        self.view("edit", repo_path)
    }

    /// A folder's listing.
    pub fn tree(&self, repo_path: &str) -> String {
        self.view("tree", repo_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses() {
        let gh = WebAddress::new("https://github.com/org/repo/", "main");
        assert_eq!(gh.page("issues"), "https://github.com/org/repo/issues");
        assert_eq!(
            gh.edit("docs/合作 伙伴.md"),
            "https://github.com/org/repo/edit/main/docs/%E5%90%88%E4%BD%9C%20%E4%BC%99%E4%BC%B4.md"
        );
        let gl = WebAddress::new("https://gitlab.com/g/p", "release/2");
        assert_eq!(
            gl.blob("a.md"),
            "https://gitlab.com/g/p/-/blob/release/2/a.md"
        );
    }
}
