//! Batch job records: one per `submitJob` call and one per scheduled run (including runs
//! that were missed), shown by `getRecentJobs` and `getJobStatus`.

use crate::value::temporal::format_timestamp;
use crate::value::{Scalar, Table, Type, Value, Vector};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Where a batch job is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
    /// A scheduled run that fell in a time when no porpoise process had the home open.
    Missed,
}

impl Status {
    /// Whether the job will not change any more.
    pub fn is_final(self) -> bool {
        !matches!(self, Status::Queued | Status::Running)
    }
}

/// One batch job. Instants are local milliseconds since 1970.01.01.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: String,
    /// A unique id for this execution (DolphinDB's `rootJobId`, a UUID).
    pub root_id: String,
    pub desc: String,
    pub user: String,
    pub received: i64,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub status: Status,
    /// The error message of a failed, cancelled or missed job; empty otherwise.
    pub error: String,
    /// The scheduled job this is a run of.
    #[serde(default)]
    pub scheduled: Option<String>,
    /// The planned time of a scheduled run.
    #[serde(default)]
    pub planned: Option<i64>,
    /// The return value as the console displays it.
    #[serde(default)]
    pub return_text: String,
}

/// The table `getRecentJobs` and `getJobStatus` return, with DolphinDB's columns, plus
/// porpoise's `status` column last (queued, running, completed, failed, cancelled, missed).
pub fn records_table(records: &[JobRecord]) -> Value {
    let strs = |f: &dyn Fn(&JobRecord) -> String| -> Arc<Vector> {
        Arc::new(Vector::strings(
            records.iter().map(|r| Arc::from(f(r).as_str())).collect(),
        ))
    };
    let ints = |v: i32| Arc::new(Vector::ints(vec![v; records.len()]));
    let times = |f: &dyn Fn(&JobRecord) -> Option<i64>| -> Arc<Vector> {
        let vals: Vec<i64> = records
            .iter()
            .map(|r| f(r).unwrap_or(crate::value::NULL_I64))
            .collect();
        Arc::new(Vector::new(
            Type::Timestamp,
            crate::value::VecData::I64(vals),
        ))
    };
    let uuids: Vec<Scalar> = records
        .iter()
        .map(|r| parse_uuid(&r.root_id).unwrap_or(Scalar::U128(0)))
        .collect();
    let mut root = Vector::with_capacity(Type::Uuid, records.len());
    for u in &uuids {
        root.push_scalar(u);
    }
    let names = [
        "node",
        "userID",
        "jobId",
        "rootJobId",
        "jobDesc",
        "priority",
        "parallelism",
        "clientIp",
        "clientPort",
        "receivedTime",
        "startTime",
        "endTime",
        "errorMsg",
        "status",
    ];
    let cols = vec![
        strs(&|_| "local".to_string()),
        strs(&|r| r.user.clone()),
        strs(&|r| r.id.clone()),
        Arc::new(root),
        strs(&|r| r.desc.clone()),
        ints(4),
        ints(2),
        strs(&|_| "127.0.0.1".to_string()),
        ints(0),
        times(&|r| Some(r.received)),
        times(&|r| r.start),
        times(&|r| r.end),
        strs(&|r| r.error.clone()),
        strs(&|r| format!("{:?}", r.status).to_lowercase()),
    ];
    let t = Table::from_columns(names.iter().map(|n| Arc::from(*n)).collect(), cols)
        .expect("the job table's columns have equal lengths and distinct names");
    Value::Table(Arc::new(t))
}

/// A fresh random UUID in DolphinDB's text form.
pub fn new_uuid() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        b = n.to_le_bytes();
    }
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn parse_uuid(s: &str) -> Option<Scalar> {
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 {
        return None;
    }
    u128::from_str_radix(&hex, 16).ok().map(Scalar::U128)
}

/// `2021-04-27 11:29:59.488000`: the time stamp of a job message line.
pub fn message_time(ms: i64) -> String {
    let text = format_timestamp(ms); // 2021.04.27T11:29:59.488
    let (date, time) = text.split_once('T').unwrap_or((&text, ""));
    format!("{} {}000", date.replace('.', "-"), time)
}
