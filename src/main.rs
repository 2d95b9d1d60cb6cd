//! Entry point Trunk builds (`data-bin="podium-app"`): the app lives in the library.

fn main() {
    #[cfg(target_arch = "wasm32")]
    podium_app::run();
}
