fn main() {
    // The UI is plain files with no build step: rebuild when any of them changes.
    println!("cargo:rerun-if-changed=ui");
    println!("cargo:rerun-if-changed=capabilities");
    // tauri.conf.json sits beside the root Cargo.toml (this package's manifest),
    // where tauri-build and generate_context! look by default.
    tauri_build::build();
}
