//! Where the server token lives: the OS keyring (Keychain, Credential Manager, the Linux kernel
//! keyring), never a file or the database.

use std::collections::HashMap;
use std::sync::Mutex;

pub trait Vault: Send + Sync {
    fn get(&self, account: &str) -> Option<String>;
    fn set(&self, account: &str, token: &str) -> Result<(), String>;
    fn delete(&self, account: &str);
}

const SERVICE: &str = "fairdesk";

pub struct OsKeyring;

impl Vault for OsKeyring {
    fn get(&self, account: &str) -> Option<String> {
        keyring::Entry::new(SERVICE, account)
            .ok()?
            .get_password()
            .ok()
    }

    fn set(&self, account: &str, token: &str) -> Result<(), String> {
        keyring::Entry::new(SERVICE, account)
            .and_then(|e| e.set_password(token))
            .map_err(|e| e.to_string())
    }

    fn delete(&self, account: &str) {
        if let Ok(e) = keyring::Entry::new(SERVICE, account) {
            let _ = e.delete_credential();
        }
    }
}

/// For tests: a vault in memory.
#[derive(Default)]
pub struct MemoryVault(Mutex<HashMap<String, String>>);

impl Vault for MemoryVault {
    fn get(&self, account: &str) -> Option<String> {
        self.0.lock().ok()?.get(account).cloned()
    }

    fn set(&self, account: &str, token: &str) -> Result<(), String> {
        self.0
            .lock()
            .map_err(|e| e.to_string())?
            .insert(account.into(), token.into());
        Ok(())
    }

    fn delete(&self, account: &str) {
        if let Ok(mut m) = self.0.lock() {
            m.remove(account);
        }
    }
}
