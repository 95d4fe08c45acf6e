//! How WebKitGTK draws the window when the machine has no GPU.
//!
//! WebKitGTK composites the page through OpenGL. Without a GPU (a virtual machine, a remote
//! desktop, Xvfb) that OpenGL is Mesa's software rasteriser, and compositing through it costs
//! far more than it saves: on such a machine the first paint of the review screen took 1.4–3 s
//! longer and a status key's repaint 80–100 ms longer than with compositing off. So when there
//! is no GPU render node, the window is drawn without accelerated compositing (the path WebKit
//! itself takes when OpenGL is missing). The page uses nothing that needs compositing (no
//! WebGL, video or 3D transforms). A user's own WEBKIT_DISABLE_COMPOSITING_MODE always wins.

const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What the machine offers for drawing, as far as it decides the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gpu {
    /// The user set WEBKIT_DISABLE_COMPOSITING_MODE (to anything, "0" included).
    pub user_choice: bool,
    /// A DRM render node (/dev/dri/renderD*) exists: OpenGL can run on a GPU.
    pub render_node: bool,
    /// LIBGL_ALWAYS_SOFTWARE asks Mesa for its software rasteriser even on a GPU.
    pub forced_software: bool,
}

/// True when the window should be drawn without accelerated compositing.
pub fn disable_compositing(gpu: Gpu) -> bool {
    !gpu.user_choice && (!gpu.render_node || gpu.forced_software)
}

fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|dir| {
        dir.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some()
}

/// Applies the choice to this process's environment, which WebKit reads when it starts. Call
/// before the window is built, while the process has one thread.
pub fn choose() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let gpu = Gpu {
        user_choice: env_set(DISABLE_COMPOSITING),
        render_node: has_render_node(),
        forced_software: std::env::var_os("LIBGL_ALWAYS_SOFTWARE").is_some_and(|v| v != "0"),
    };
    if disable_compositing(gpu) {
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GPU: Gpu = Gpu {
        user_choice: false,
        render_node: true,
        forced_software: false,
    };

    #[test]
    fn a_machine_with_a_gpu_keeps_compositing() {
        assert!(!disable_compositing(GPU));
    }

    #[test]
    fn a_machine_without_a_render_node_draws_without_compositing() {
        assert!(disable_compositing(Gpu {
            render_node: false,
            ..GPU
        }));
    }

    #[test]
    fn software_opengl_forced_on_a_gpu_draws_without_compositing() {
        assert!(disable_compositing(Gpu {
            forced_software: true,
            ..GPU
        }));
    }

    #[test]
    fn the_users_own_setting_is_never_overridden() {
        assert!(!disable_compositing(Gpu {
            user_choice: true,
            render_node: false,
            forced_software: true,
        }));
    }
}
