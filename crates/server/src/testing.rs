//! Test support (feature `testing`): a throwaway PostgreSQL cluster — initdb + pg_ctl in a
//! temp dir on a loopback port — and the server on a loopback port. Used by this crate's
//! tests, the desktop's tests and the benchmarks; never by the server binary.

use crate::http::{router, AppState};
use crate::{admin, db};
use fairdesk_core::user::UserData;
use fairdesk_core::{Id, Role};
use std::path::PathBuf;
use std::process::Command;

mod fake_tracking;
mod faults;
pub use fake_tracking::FakeTracking;
pub use faults::{FaultCounts, FaultProxy, FaultRates};

fn pg_bin(tool: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/setup.sh)")
        .map(|e| e.unwrap().path())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("a PostgreSQL version")
        .join("bin")
        .join(tool)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs a PostgreSQL tool as the `postgres` user when we are root (initdb refuses root).
fn pg_command(tool: &str) -> Command {
    let is_root = unsafe_geteuid() == 0;
    if is_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(pg_bin(tool));
        c
    } else {
        Command::new(pg_bin(tool))
    }
}

fn unsafe_geteuid() -> u32 {
    // `id -u` keeps this free of libc bindings.
    String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

pub struct Pg {
    dir: tempfile::TempDir,
    pub url: String,
}

impl Pg {
    /// A fast cluster for tests (no fsync).
    pub fn start() -> Pg {
        Pg::start_with(false)
    }

    /// `durable`: fsync and synchronous commits on, as in production (benchmarks).
    pub fn start_with(durable: bool) -> Pg {
        let dir = tempfile::Builder::new()
            .prefix("fairdesk-pg")
            .tempdir()
            .unwrap();
        if unsafe_geteuid() == 0 {
            assert!(Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap()
                .success());
        }
        let data = dir.path().join("data");
        let out = pg_command("initdb")
            .args([
                "-A",
                "trust",
                "-U",
                "fairdesk",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
                "-D",
            ])
            .arg(&data)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let speed = if durable {
            ""
        } else {
            " -c fsync=off -c synchronous_commit=off"
        };
        let opts = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300{speed}",
            dir.path().display()
        );
        let out = pg_command("pg_ctl")
            .args(["-w", "-t", "60", "-o", &opts, "-l"])
            .arg(dir.path().join("log"))
            .arg("-D")
            .arg(&data)
            .arg("start")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Pg {
            url: format!("host=127.0.0.1 port={port} user=fairdesk dbname=postgres"),
            dir,
        }
    }
}

impl Pg {
    /// Stops the cluster at once, as a crash would, and starts it again on the same port.
    pub fn restart(&self) {
        let out = pg_command("pg_ctl")
            .args(["-w", "-t", "60", "-m", "immediate", "-l"])
            .arg(self.dir.path().join("log"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .arg("restart")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl restart: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = pg_command("pg_ctl")
            .args(["-m", "immediate", "-D"])
            .arg(self.dir.path().join("data"))
            .arg("stop")
            .output();
    }
}

/// The schema and the two test companies (see [`TestServer`]), users with [`PASSWORD`].
pub fn seed_companies(pool: &crate::Pool) {
    db::migrate(&mut pool.get().unwrap()).unwrap();
    let mut c = pool.get().unwrap();
    admin::create_org(&mut c, "demo", "恒通贸易").unwrap();
    admin::create_org(&mut c, "other", "别家公司").unwrap();
    for (login, name, role, team, org) in [
        ("boss", "老板", Role::Admin, "", "demo"),
        ("lina", "李娜", Role::Rep, "华东组", "demo"),
        ("wangqiang", "王强", Role::Rep, "华南组", "demo"),
        ("zhangwei", "张伟", Role::Manager, "华东组", "demo"),
        ("zhaomin", "赵敏", Role::Warehouse, "", "demo"),
        ("sunli", "孙丽", Role::Finance, "", "demo"),
        ("mallory", "外人", Role::Admin, "", "other"),
    ] {
        let data = UserData {
            name: name.into(),
            role,
            team: team.into(),
            active: true,
        };
        admin::add_user(&mut c, org, login, data, PASSWORD).unwrap();
    }
}

/// The server binary as a real process on a fixed loopback port: killed (SIGKILL) and started
/// again at will, on the same database and port.
pub struct ServerProcess {
    bin: PathBuf,
    url: String,
    pub base: String,
    port: u16,
    child: Option<std::process::Child>,
}

impl ServerProcess {
    /// Starts `bin` (the `fairdesk-server` binary) serving the database at `url`.
    pub fn start(bin: &std::path::Path, url: &str) -> ServerProcess {
        let port = free_port();
        let mut p = ServerProcess {
            bin: bin.to_path_buf(),
            url: url.to_string(),
            base: format!("http://127.0.0.1:{port}"),
            port,
            child: None,
        };
        p.spawn();
        p
    }

    fn spawn(&mut self) {
        let child = Command::new(&self.bin)
            .args(["--database-url", &self.url, "serve", "--listen"])
            .arg(format!("127.0.0.1:{}", self.port))
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let start = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "the server did not come up"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// SIGKILL: no shutdown, whatever it was doing.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Killed and started again.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A running server with two companies: `demo` (老板 admin, 李娜 and 王强 reps in different
/// teams, 张伟 manager) and `other` (外人), each with password [`PASSWORD`].
/// Fields drop in order: the runtime first (its pool handle goes, the connections stay), then
/// our pool handle outside any runtime (the sync client must not close inside one), then the
/// cluster.
pub struct TestServer {
    _rt: tokio::runtime::Runtime,
    pub pool: crate::Pool,
    pub base: String,
    pub pg: Pg,
}

pub const PASSWORD: &str = "密码-secret-123";
/// The salt the test server expects on tracking pushes.
pub const TRACKING_SALT: &str = "salt-for-tests";

impl TestServer {
    pub fn start() -> TestServer {
        TestServer::start_with(Pg::start())
    }

    pub fn start_with(pg: Pg) -> TestServer {
        let pool = db::serve_pool(&pg.url, 32).unwrap();
        seed_companies(&pool);
        let rt = tokio::runtime::Runtime::new().unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut state = AppState::new(pool.clone());
        state.tracking_salt = Some(TRACKING_SALT.into());
        rt.spawn(async move {
            axum::serve(
                listener,
                router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .unwrap()
        });
        TestServer {
            pg,
            base,
            pool,
            _rt: rt,
        }
    }
}

/// A draft order for `qty` cups at ¥100 (13% VAT, 月结30天) from one warehouse.
pub fn cup_order(customer: Id, cup: Id, wh: Id, qty: i64) -> fairdesk_core::order::OrderData {
    use fairdesk_core::order::{OrderData, OrderLine, PaymentTerms};
    use rust_decimal::Decimal;
    OrderData {
        customer_id: customer,
        quote_id: None,
        address: String::new(),
        province: String::new(),
        city: String::new(),
        terms: PaymentTerms::Net { days: 30 },
        expected_ship: None,
        tax_inclusive: true,
        lines: vec![OrderLine {
            product_id: cup,
            sku: String::new(),
            name: String::new(),
            spec: String::new(),
            unit: String::new(),
            qty: Decimal::from(qty),
            unit_price: Decimal::from(100),
            tax_rate: Decimal::from(13),
            warehouse_id: wh,
        }],
        notes: String::new(),
        warehouse_reason: String::new(),
    }
}

/// A draft quote for `qty` cups at their list price (¥100, 13% VAT) from one warehouse: no
/// approval needed to send it.
pub fn cup_quote(
    customer: Id,
    cup: Id,
    wh: Id,
    qty: i64,
    today: chrono::NaiveDate,
) -> fairdesk_core::quote::QuoteData {
    use fairdesk_core::pricing::PriceSource;
    use fairdesk_core::quote::{QuoteData, QuoteLine};
    use rust_decimal::Decimal;
    let line = QuoteLine {
        product_id: cup,
        sku: String::new(),
        name: String::new(),
        spec: String::new(),
        unit: String::new(),
        qty: Decimal::from(qty),
        warehouse_id: Some(wh),
        list_price: Decimal::from(100),
        unit_price: Decimal::from(100),
        segments: vec![],
        source: PriceSource::List,
        tax_rate: Decimal::from(13),
    };
    QuoteData::new(customer, today, true, vec![line])
}

/// The cup: list ¥100, cost ¥60, 13% VAT, safety stock 10, with the given purchase limit.
pub fn cup(
    limit: Option<fairdesk_core::order::PurchaseLimit>,
) -> fairdesk_core::catalog::ProductData {
    use rust_decimal::Decimal;
    fairdesk_core::catalog::ProductData {
        sku: "BWB-500".into(),
        name: "不锈钢保温杯".into(),
        spec: String::new(),
        unit: "个".into(),
        barcode: String::new(),
        category_id: None,
        brand: String::new(),
        tax_rate: Decimal::from(13),
        tax_code: "1070101010100000000".into(),
        list_price: Decimal::from(100),
        member_price: None,
        cost: Some(Decimal::from(60)),
        safety_stock: Decimal::from(10),
        active: true,
        limit,
    }
}
