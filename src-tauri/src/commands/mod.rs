//! Tauri commands, one module per area. Each is a thin call into the store.

pub mod backup;
pub mod catalog;
pub mod customers;
pub mod dunning;
pub mod invoices;
pub mod orders;
pub mod pricing;
pub mod quotas;
pub mod quotes;
pub mod receivables;
pub mod reminders;
pub mod shipping;
pub mod stock;
pub mod sync;
pub mod system;
pub mod tags;
pub mod users;

use fairdesk_core::ErrorReply;

pub type Reply<T> = Result<T, ErrorReply>;

/// Renders a document with the company's own template (`<data dir>/templates/<name>`) or the
/// bundled one into `path` (a .pdf), and opens it in the system's viewer when `open`. Works
/// the same offline. Returns the path written.
pub fn export_pdf(
    state: &crate::state::AppState,
    path: &str,
    open: bool,
    (name, bundled): (&str, &str),
    render: impl FnOnce(&str) -> Result<Vec<u8>, fairdesk_print::PrintError>,
) -> Reply<String> {
    let path = std::path::PathBuf::from(path.trim());
    if path.as_os_str().is_empty()
        || path
            .extension()
            .is_none_or(|e| !e.eq_ignore_ascii_case("pdf"))
    {
        return Err(ErrorReply::plain(
            "请选择以 .pdf 结尾的文件名 / Choose a file name ending in .pdf",
        ));
    }
    let template = template(state, name, bundled);
    let pdf = render(&template)
        .map_err(|e| ErrorReply::plain(format!("打印模板出错 / Template error: {e}")))?;
    save_file(&path, &pdf, open)
}

/// The company's own template `name` (in the templates folder beside the database), or the
/// bundled one.
pub fn template(state: &crate::state::AppState, name: &str, bundled: &str) -> String {
    state
        .db_path()
        .and_then(|p| p.parent().map(|d| d.join("templates").join(name)))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| bundled.to_string())
}

/// Writes an exported file (its folder made if missing) and opens it in the system's viewer
/// when `open`. Returns the path written.
pub fn save_file(path: &std::path::Path, bytes: &[u8], open: bool) -> Reply<String> {
    // A new user's documents folder may not exist yet.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::write(path, bytes).map_err(|e| {
        ErrorReply::plain(format!(
            "无法写入 {} / Could not write: {e}",
            path.display()
        ))
    })?;
    if open {
        // The viewer may take a while to start (or not exist): never hold the command for it.
        let p = path.to_path_buf();
        std::thread::spawn(move || {
            let _ = opener::open(&p);
        });
    }
    Ok(path.to_string_lossy().into_owned())
}

/// `name` in the user's documents folder (their home when the platform names none): where an
/// exported PDF goes unless the user picks another place.
pub fn documents_path<R: tauri::Runtime>(app: &tauri::AppHandle<R>, name: &str) -> String {
    use tauri::Manager;
    let dir = app
        .path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .unwrap_or_else(|_| std::path::PathBuf::from("."));
    dir.join(name).to_string_lossy().into_owned()
}
