use fairdesk_core::{DomainError, Lang};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The domain refused the change; nothing was written.
    #[error("{}", .0.message(Lang::En))]
    Domain(DomainError),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("the database is version {found}, this app knows up to {supported}")]
    NewerSchema { found: i64, supported: i64 },
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("no current user is set on this desk")]
    NoCurrentUser,
    #[error("the demo company was already created in this database")]
    DemoExists,
    #[error("not restored: {0:?}")]
    Restore(crate::backup::RestoreRefusal),
}

impl StoreError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (StoreError::Domain(e), _) => e.message(lang),
            (StoreError::NewerSchema { found, supported }, Lang::Zh) => format!(
                "数据库版本（{found}）比本程序支持的版本（{supported}）新，请先升级 Fairdesk。数据未被改动。"
            ),
            (StoreError::NewerSchema { found, supported }, Lang::En) => format!(
                "The database (version {found}) is newer than this Fairdesk supports ({supported}). Please update the app; nothing was changed."
            ),
            (StoreError::NoCurrentUser, Lang::Zh) => "请先在设置中选择当前用户".into(),
            (StoreError::DemoExists, Lang::Zh) => "演示公司已经创建过了".into(),
            (StoreError::Restore(r), _) => r.message(lang),
            (e, Lang::Zh) => format!("本地数据库出错：{e}"),
            (e, Lang::En) => e.to_string(),
        }
    }
}

impl From<DomainError> for StoreError {
    fn from(e: DomainError) -> Self {
        StoreError::Domain(e)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}
