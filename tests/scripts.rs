//! The example scripts in `scripts/` that build databases (the seed's wind-turbine COMPO
//! database and DolphinDB's compoDB example) run cleanly end to end: create, fill, query,
//! reopen, drop partitions, drop; and the backup tutorial, run by the binary on a fresh home.

use porpoise::eval::{Interp, SharedBuffer};
use std::path::Path;

fn run_script(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("scripts").join(name);
    let text = std::fs::read_to_string(&path).expect("script is readable");
    let buf = SharedBuffer::default();
    let mut it = Interp::with_output(Box::new(buf.clone()));
    let script = porpoise::script::load(name, &text, path.parent()).expect("script parses");
    let res = porpoise::script::run_echo(&mut it, &script);
    it.flush();
    let out = buf.text();
    assert!(res.is_ok(), "{name} failed:\n{out}");
    out
}

fn setup() {
    let base = if Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let home = base.join(format!("porpoise-scripts-{}", std::process::id()));
    porpoise::storage::set_fsync(false);
    porpoise::storage::set_default_home(porpoise::home::Home::at(&home));
}

#[test]
fn wind_turbine_and_compo_db() {
    setup();
    let out = run_script("wind_turbine.dos");
    assert!(out.contains("> size(schema(pt)[`colDefs])\n525\n"), "{out}");
    assert!(out.contains("> exec count(*) from pt\n4320\n"), "{out}");
    assert!(out.trim_end().ends_with("false"), "{out}");
    let out = run_script("compo_db.dos");
    assert!(out.contains("1000100\n"), "{out}");
    assert!(
        !out.contains("\nfalse\n> dropDatabase"),
        "a check failed:\n{out}"
    );
    assert!(out.trim_end().ends_with("false"), "{out}");
}

#[test]
fn backup_tutorial_reproduces_the_seed() {
    let base = std::env::temp_dir().join(format!("porpoise-tutorial-home-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_porpoise"))
        .arg("--home")
        .arg(&base)
        .arg("run")
        .arg(root.join("scripts/backup_tutorial.dos"))
        .env("PORPOISE_FSYNC", "0")
        .env("PORPOISE_TUTORIAL_DIR", base.join("backups"))
        .output()
        .expect("porpoise runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    for want in [
        "Backup of the first two days (sqlObj): 20 partitions\n20\n",
        "Incremental backup of all three days: 10 partitions (only 2020.01.03 is new)\n10\n",
        "30 partitions in the backup",
        "Rows back: true",
        "dfs://db1/equip holds 720 rows, like dfs://ddb/windTurbine: true",
        "Back up all partitions of pt: 10\n",
        "Back up the partitions with date > 2017.08.10: 2\n",
        "temp holds the rows of 2017.08.10: true",
        "dfs://newCompoDB/pt has all 100000 rows: true",
        "damaged partitions: 0",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&base);
}
