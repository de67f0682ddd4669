//! Harness for end-to-end tests: starts tauri-driver (which starts WebKitWebDriver, which
//! starts the Fairdesk binary in a real window), opens WebDriver sessions, and stops it all.
//!
//! Run through `scripts/test.sh`, which builds the app and sets `FAIRDESK_APP` and `DISPLAY`.

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Driver {
    child: Child,
    port: u16,
    app: PathBuf,
    pub data_dir: tempfile::TempDir,
}

fn wait_for_port(port: u16, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Driver {
    /// Starts tauri-driver with a fresh data directory for the app.
    pub fn start() -> Driver {
        Driver::start_with_env(&[])
    }

    /// Same, with extra environment for the app (e.g. `FAIRDESK_DEMO=1`).
    pub fn start_with_env(env: &[(&str, &str)]) -> Driver {
        let app =
            PathBuf::from(std::env::var("FAIRDESK_APP").expect(
                "FAIRDESK_APP is not set: run the end-to-end tests through scripts/test.sh",
            ));
        assert!(app.exists(), "app binary {} missing", app.display());
        let data_dir = tempfile::tempdir().unwrap();
        let (port, native) = (free_port(), free_port());
        let child = Command::new(std::env::var("TAURI_DRIVER").unwrap_or("tauri-driver".into()))
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("FAIRDESK_DATA_DIR", data_dir.path())
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver starts (installed by scripts/setup.sh)");
        let driver = Driver {
            child,
            port,
            app,
            data_dir,
        };
        // Both ports must accept before a session can be created.
        assert!(
            wait_for_port(port, Duration::from_secs(20)),
            "tauri-driver port"
        );
        assert!(
            wait_for_port(native, Duration::from_secs(20)),
            "WebKitWebDriver port"
        );
        driver
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.path().join("fairdesk.db")
    }

    /// Starts the app and connects to its window.
    pub async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": self.app }),
        );
        // The test build links rustls with two crypto providers (the server's HTTP client
        // brings ring, WebDriver's client aws-lc-rs), so none is the default by itself: name
        // one for this process. The app and the server binaries are built alone and unaffected.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("WebDriver session");
        if let Err(e) = client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("nav-customers"))
            .await
        {
            // Say what the window showed instead (kept as a screenshot too).
            screenshot(&client, "00-no-sidebar").await;
            let url = client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            let html = client.source().await.unwrap_or_default();
            panic!(
                "the app shows no sidebar ({e}); at {url}: {}",
                &html[..html.len().min(2000)]
            );
        }
        // Collect UI errors (a Rust panic in the wasm UI is logged with console.error).
        client
            .execute(
                "window.__fdErrors = []; const orig = console.error;
                 console.error = (...a) => { window.__fdErrors.push(a.join(' ')); orig(...a); };
                 window.addEventListener('error', e => window.__fdErrors.push(String(e.message)));",
                vec![],
            )
            .await
            .expect("install the error hook");
        client
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fails the test if the UI logged an error or panicked since the session started.
pub async fn assert_no_ui_errors(client: &Client) {
    let errors = client
        .execute("return window.__fdErrors || []", vec![])
        .await
        .expect("read UI errors");
    assert_eq!(errors, serde_json::json!([]), "the UI reported errors");
}

/// Saves a screenshot for people to look at (under `FAIRDESK_SCREENSHOTS`, if set).
pub async fn screenshot(client: &Client, name: &str) {
    if let Ok(dir) = std::env::var("FAIRDESK_SCREENSHOTS") {
        // Let WebKit paint the last change before it is captured.
        tokio::time::sleep(Duration::from_millis(400)).await;
        // WebKitWebDriver captures after the page's next paint. Without compositing (the
        // desk's default on Linux) a page at rest doesn't paint, and the capture would wait
        // for ever: a one-pixel mark in the corner flickers between two near-transparent
        // shades while it is taken, so there is always a next paint.
        client
            .execute(
                "if (!window.__fdFrames) {
                   const d = document.createElement('div');
                   d.id = '__fd-frames';
                   d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;' +
                     'pointer-events:none;z-index:2147483647';
                   document.documentElement.appendChild(d);
                   let n = 0;
                   window.__fdFrames = setInterval(() => {
                     d.style.background = n++ % 2 ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)';
                   }, 40);
                 }",
                vec![],
            )
            .await
            .expect("start the paint mark");
        let png = client.screenshot().await.expect("screenshot");
        client
            .execute(
                "clearInterval(window.__fdFrames); window.__fdFrames = null;
                 document.getElementById('__fd-frames')?.remove();",
                vec![],
            )
            .await
            .expect("stop the paint mark");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

/// Waits until the element's text content satisfies `pred`; returns it. (textContent, since
/// WebKitWebDriver reports an empty rendered text for table elements.)
pub async fn wait_text(
    client: &Client,
    locator: Locator<'_>,
    pred: impl Fn(&str) -> bool,
) -> String {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(el) = client.find(locator).await {
            if let Ok(Some(text)) = el.prop("textContent").await {
                if pred(&text) {
                    return text;
                }
                last = text;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("text of {locator:?} never matched; last seen: {last:?}");
}

pub async fn click(client: &Client, id: &str) {
    el(client, Locator::Id(id))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("#{id} not clickable: {e}"));
}

pub async fn type_into(client: &Client, id: &str, text: &str) {
    let e = el(client, Locator::Id(id)).await;
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// The element, once it is there (10 s at most).
pub async fn el(c: &Client, locator: Locator<'_>) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(locator)
        .await
        .unwrap_or_else(|e| panic!("{locator:?} not found: {e}"))
}

/// Sends keys to an element by id.
pub async fn keys(c: &Client, id: &str, text: &str) {
    el(c, Locator::Id(id)).await.send_keys(text).await.unwrap();
}

/// The current value of an input or select.
pub async fn value(c: &Client, id: &str) -> String {
    el(c, Locator::Id(id))
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Opens the first row of a list table by keyboard.
pub async fn open_first(c: &Client, table: &str) {
    el(c, Locator::Css(&format!("#{table} tbody tr")))
        .await
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
}

/// Presses Enter on a button, link or row (what a keyboard user does after Tab).
pub async fn press(c: &Client, id: &str) {
    keys(c, id, &fantoccini::key::Key::Enter.to_string()).await;
}

/// Replaces an input's value and presses Enter.
pub async fn enter(c: &Client, id: &str, text: &str) {
    let e = el(c, Locator::Id(id)).await;
    e.clear().await.unwrap();
    e.send_keys(&format!("{text}{}", fantoccini::key::Key::Enter))
        .await
        .unwrap();
}

/// Picks the option of a `<select>` whose text contains `text`, as a click in the list would
/// (WebKitWebDriver can't open a native drop-down).
pub async fn choose(c: &Client, id: &str, text: &str) {
    el(c, Locator::Id(id)).await;
    let picked = c
        .execute(
            "const s = document.getElementById(arguments[0]);
             const o = [...s.options].find(o => o.text.includes(arguments[1]));
             if (!o) return false;
             s.value = o.value;
             s.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            vec![id.into(), text.into()],
        )
        .await
        .unwrap();
    assert_eq!(picked, serde_json::json!(true), "#{id} offers {text}");
}

/// The text of a `<select>`'s chosen option.
pub async fn selected(c: &Client, id: &str) -> String {
    c.execute(
        "const s = document.getElementById(arguments[0]); return s.options[s.selectedIndex].text;",
        vec![id.into()],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Starts the app on the demo company and waits for its 工作台 (200 customers).
pub async fn demo_session(driver: &Driver) -> Client {
    let c = driver.session().await;
    wait_text(&c, Locator::Id("customer-count"), |t| t == "200").await;
    c
}

/// A new quote for the first customer matching "公司" with one line of `sku`, by keyboard;
/// returns the customer's name.
pub async fn new_quote_with(c: &Client, sku: &str) -> String {
    press(c, "nav-quotes").await;
    press(c, "new-quote").await;
    // Customer: type part of a name, Enter takes the first match.
    enter(c, "quote-customer", "公司").await;
    let customer = wait_text(c, Locator::Id("quote-customer-name"), |t| !t.is_empty()).await;
    enter(c, "product-input", sku).await;
    wait_text(c, Locator::Id("line-0"), |t| t.contains(sku)).await;
    customer
}

/// Makes `name` the desk's current user (设置 → 用户), as a clerk taking over the desk does.
pub async fn become_user(c: &Client, name: &str) {
    press(c, "nav-settings").await;
    el(
        c,
        Locator::Css(&format!("button.use-user[data-user='{name}']")),
    )
    .await
    .send_keys(&fantoccini::key::Key::Enter.to_string())
    .await
    .unwrap();
    wait_text(c, Locator::Id("current-user"), |t| t.contains(name)).await;
}

/// The Code128 barcodes zbarimg reads on each page of a PDF rendered at 300 dpi, page by page.
pub fn barcodes_in_pdf(pdf: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-png"])
        .arg(pdf)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm (poppler-utils)");
    assert!(out.status.success(), "{pdf:?}");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    pages
        .iter()
        .flat_map(|p| {
            let out = Command::new("zbarimg")
                .args(["--quiet", "--raw", "-Sdisable", "-Scode128.enable"])
                .arg(p)
                .output()
                .expect("zbarimg (zbar-tools)");
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A PDF's text (pdftotext).
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}
