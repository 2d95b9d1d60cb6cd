//! Moving a pending pod onto a node, by pointer (mouse, pen, touch) or keyboard.
//! This is the pure part: what is being carried, where it is, which node is
//! under the pointer (bounding boxes, so synthetic events hit-test the same as
//! real ones) and which node the arrow keys choose next. The app turns a drop
//! into `Action::Bind`; nothing here touches the engine's state.

use podium_engine::kube::Key;

/// A pointer must move this far (CSS pixels) before a press becomes a drag;
/// a press that does not is a tap, which picks the pod up like Enter does.
pub const DRAG_THRESHOLD: f64 = 4.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.left && x <= self.left + self.width && y >= self.top && y <= self.top + self.height
    }
}

/// The first target whose box holds the point.
pub fn hit(targets: &[(String, Rect)], x: f64, y: f64) -> Option<&str> {
    targets.iter().find(|(_, r)| r.contains(x, y)).map(|(n, _)| n.as_str())
}

/// The node `step` places from `current` in `nodes`, wrapping around; the first
/// (or last, going back) when nothing is chosen yet.
pub fn step_target(nodes: &[String], current: Option<&str>, step: i32) -> Option<String> {
    if nodes.is_empty() {
        return None;
    }
    let n = nodes.len() as i32;
    let next = match current.and_then(|c| nodes.iter().position(|x| x == c)) {
        Some(i) => (i as i32 + step).rem_euclid(n),
        None if step < 0 => n - 1,
        None => 0,
    };
    Some(nodes[next as usize].clone())
}

/// What the learner is carrying.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Carry {
    #[default]
    Idle,
    /// A pointer is down on a pending pod card.
    Pointer { pod: Key, pointer_id: i32, start: (f64, f64), at: (f64, f64), moved: bool, over: Option<String> },
    /// Picked up by keyboard (or by a tap): a node is chosen with keys, Tab or a tap.
    Held { pod: Key, target: Option<String> },
}

impl Carry {
    pub fn pod(&self) -> Option<&Key> {
        match self {
            Carry::Idle => None,
            Carry::Pointer { pod, .. } | Carry::Held { pod, .. } => Some(pod),
        }
    }

    /// Whether the board should show which nodes can take the pod.
    pub fn shows_targets(&self) -> bool {
        matches!(self, Carry::Pointer { moved: true, .. } | Carry::Held { .. })
    }

    /// The node the pod would land on now.
    pub fn target(&self) -> Option<&str> {
        match self {
            Carry::Pointer { over, moved: true, .. } => over.as_deref(),
            Carry::Held { target, .. } => target.as_deref(),
            _ => None,
        }
    }

    /// The pointer moved to (x, y) over `over`; true when the view changes.
    pub fn pointer_moved(&mut self, id: i32, x: f64, y: f64, node: Option<&str>) -> bool {
        if let Carry::Pointer { pointer_id, start, at, moved, over, .. } = self {
            if *pointer_id != id {
                return false;
            }
            *at = (x, y);
            if !*moved && ((x - start.0).powi(2) + (y - start.1).powi(2)).sqrt() >= DRAG_THRESHOLD {
                *moved = true;
            }
            *over = node.map(str::to_string);
            return *moved;
        }
        false
    }

    /// The drag's offset from where it began, for moving the card with the pointer.
    pub fn offset(&self) -> Option<(f64, f64)> {
        match self {
            Carry::Pointer { start, at, moved: true, .. } => Some((at.0 - start.0, at.1 - start.1)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(left: f64, top: f64) -> Rect {
        Rect { left, top, width: 100.0, height: 50.0 }
    }

    #[test]
    fn hit_testing_uses_boxes() {
        let t = vec![("a".to_string(), rect(0.0, 0.0)), ("b".to_string(), rect(120.0, 0.0))];
        assert_eq!(hit(&t, 50.0, 25.0), Some("a"));
        assert_eq!(hit(&t, 150.0, 10.0), Some("b"));
        assert_eq!(hit(&t, 110.0, 10.0), None);
    }

    #[test]
    fn arrows_wrap_around_the_nodes() {
        let nodes: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(step_target(&nodes, None, 1).as_deref(), Some("a"));
        assert_eq!(step_target(&nodes, None, -1).as_deref(), Some("c"));
        assert_eq!(step_target(&nodes, Some("c"), 1).as_deref(), Some("a"));
        assert_eq!(step_target(&nodes, Some("a"), -1).as_deref(), Some("c"));
        assert_eq!(step_target(&[], None, 1), None);
    }

    #[test]
    fn a_press_becomes_a_drag_after_the_threshold() {
        let mut c = Carry::Pointer { pod: Key::new("default", "p"), pointer_id: 1, start: (10.0, 10.0), at: (10.0, 10.0), moved: false, over: None };
        assert!(!c.pointer_moved(1, 12.0, 11.0, None));
        assert!(!c.shows_targets());
        assert!(!c.pointer_moved(2, 100.0, 100.0, Some("a")), "another pointer is ignored");
        assert!(c.pointer_moved(1, 30.0, 10.0, Some("a")));
        assert_eq!(c.target(), Some("a"));
        assert_eq!(c.offset(), Some((20.0, 0.0)));
    }
}

/// The last drop a node refused, shown next to that node until the next move.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub node: String,
    pub pod: String,
    pub reasons: String,
}
