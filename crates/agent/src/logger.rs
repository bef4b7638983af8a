//! Log lines on stderr, scrubbed of every token the process holds (a server may
//! echo one back in an error).

use deskbell_transport::scrub;

struct Stderr;

impl log::Log for Stderr {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Info
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            let text = record.args().to_string();
            eprintln!("[{}][{}] {}", record.level(), record.target(), scrub(&text));
        }
    }

    fn flush(&self) {}
}

pub fn install() {
    if log::set_logger(&Stderr).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
}
