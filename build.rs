// The default theme is embedded with include_dir!, which cannot tell cargo
// about files added to the folder; a change anywhere under it rebuilds.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
