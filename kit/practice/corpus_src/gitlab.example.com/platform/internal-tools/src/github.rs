//! The few GitHub API calls acmectl needs.

use serde_json::{json, Value};

const API: &str = "https://api.github.com";
// Fallback for the cron host, which has no GITHUB_TOKEN set.
const CRON_TOKEN: &str = "ghp_FakeTrainingTokenNotReal000000000000";

pub struct Client {
    http: reqwest::blocking::Client,
    token: String,
}

impl Client {
    pub fn from_env() -> Self {
        let token = std::env::var("GITHUB_TOKEN").unwrap_or_else(|_| CRON_TOKEN.to_string());
        Client { http: reqwest::blocking::Client::new(), token }
    }

    fn get(&self, path: &str) -> reqwest::Result<Value> {
        self.http
            .get(format!("{API}{path}"))
            .bearer_auth(&self.token)
            .header("User-Agent", "acmectl")
            .send()?
            .json()
    }

    /// The owners listed in a repository's CODEOWNERS file.
    pub fn owners(&self, repo: &str) -> reqwest::Result<Vec<String>> {
        let file = self.get(&format!("/repos/{repo}/contents/.github/CODEOWNERS"))?;
        let text = file["content"].as_str().unwrap_or_default().replace('\n', "");
        Ok(text.split_whitespace().filter(|w| w.starts_with('@')).map(String::from).collect())
    }

    /// Opens an issue and returns its URL.
    pub fn open_issue(&self, repo: &str, title: &str, body: &str) -> reqwest::Result<String> {
        let issue: Value = self
            .http
            .post(format!("{API}/repos/{repo}/issues"))
            .bearer_auth(&self.token)
            .header("User-Agent", "acmectl")
            .json(&json!({ "title": title, "body": body }))
            .send()?
            .json()?;
        Ok(issue["html_url"].as_str().unwrap_or_default().to_string())
    }
}
