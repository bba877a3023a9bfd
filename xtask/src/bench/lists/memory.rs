//! The server's memory while it is measured: `VmRSS` and `RssAnon` of `/proc/<pid>/status`,
//! sampled every `SAMPLE_INTERVAL_MS` on a thread, the maximum of each kept.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

const SAMPLE_INTERVAL_MS: u64 = 100;

/// The largest values sampled, in KiB (0 where `/proc` had none).
#[derive(Clone, Copy, Default)]
pub(super) struct Peak {
    pub(super) vm_rss_kib: u64,
    pub(super) rss_anon_kib: u64,
}

/// A sampling thread.
pub(super) struct Sampler {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Peak>,
}

impl Sampler {
    /// Starts sampling the process `pid`.
    pub(super) fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut peak = Peak::default();
            loop {
                let sample = sample(pid);
                peak.vm_rss_kib = peak.vm_rss_kib.max(sample.vm_rss_kib);
                peak.rss_anon_kib = peak.rss_anon_kib.max(sample.rss_anon_kib);
                if stopped.load(Ordering::Relaxed) {
                    return peak;
                }
                std::thread::sleep(Duration::from_millis(SAMPLE_INTERVAL_MS));
            }
        });
        Self { stop, thread }
    }

    /// Takes a last sample and stops; the peaks.
    pub(super) fn finish(self) -> Peak {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

/// One reading of `/proc/<pid>/status`.
fn sample(pid: u32) -> Peak {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = |field: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    Peak {
        vm_rss_kib: kib("VmRSS:"),
        rss_anon_kib: kib("RssAnon:"),
    }
}
