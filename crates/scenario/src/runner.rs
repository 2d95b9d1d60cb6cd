//! Running a scenario: step by step ([`Runner`], what the board uses to walk
//! through a lesson) or all at once ([`run`], what the CLI and tests use).

use crate::parse::{KillTarget, Matcher, Scenario, Step, StepAction};
use crate::ScenarioError;
use podium_engine::clock::SimTime;
use podium_engine::{Action, Sim};

/// How a step turned out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// `expected`: what the step required (`count 3`, `the command to succeed`);
    /// `seen`: what happened instead.
    Failed { expected: String, seen: String },
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed)
    }
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepReport {
    /// 0-based index among the scenario's steps.
    pub index: usize,
    /// Where the step is written (its first key).
    pub line: usize,
    pub column: usize,
    /// `kubectl get pods -n shop`, `wait 1m30s`, `kill node node-a`.
    pub description: String,
    /// What the step must show beyond succeeding, if anything (`count 3`, `refused with "Insufficient cpu"`).
    pub expectation: Option<String>,
    /// The step's author note, if any.
    pub note: Option<String>,
    /// kubectl's standard output (for kill and bind: `pod/NAME killed`).
    pub stdout: String,
    /// kubectl's standard error (for kill and bind: the engine's refusal).
    pub stderr: String,
    /// Whether the cluster carried the step out (kubectl's exit status 0).
    pub success: bool,
    pub verdict: Verdict,
    /// The virtual time after the step.
    pub time: SimTime,
}

/// Executes a scenario one step at a time. Owns its simulation, which the
/// caller may read (or change: the board lets a learner act between steps).
#[derive(Clone, Debug)]
pub struct Runner {
    scenario: Scenario,
    sim: Sim,
    next: usize,
    failures: usize,
}

impl Runner {
    /// A runner at the first step, on a fresh cluster of the scenario's nodes.
    pub fn new(scenario: Scenario) -> Runner {
        let sim = scenario.build_sim();
        Runner { scenario, sim, next: 0, failures: 0 }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    pub fn sim_mut(&mut self) -> &mut Sim {
        &mut self.sim
    }

    pub fn into_sim(self) -> Sim {
        self.sim
    }

    /// Index of the step `step()` will run next.
    pub fn next_index(&self) -> usize {
        self.next
    }

    /// The step `step()` will run next, if any.
    pub fn peek(&self) -> Option<&Step> {
        self.scenario.steps.get(self.next)
    }

    pub fn is_finished(&self) -> bool {
        self.next >= self.scenario.steps.len()
    }

    /// Steps run so far whose verdict was Failed.
    pub fn failures(&self) -> usize {
        self.failures
    }

    /// Runs the next step; `None` once every step has run. A failed step does
    /// not stop the runner: the caller decides (`run` stops at the first).
    pub fn step(&mut self) -> Option<StepReport> {
        let index = self.next;
        let step = self.scenario.steps.get(index)?.clone();
        self.next += 1;
        let (stdout, stderr, success, verdict) = execute(&mut self.sim, &step);
        if !verdict.passed() {
            self.failures += 1;
        }
        Some(StepReport {
            index,
            line: step.line,
            column: step.column,
            description: step.description(),
            expectation: step.expectation(),
            note: step.note.clone(),
            stdout,
            stderr,
            success,
            verdict,
            time: self.sim.now(),
        })
    }
}

impl Iterator for Runner {
    type Item = StepReport;

    fn next(&mut self) -> Option<StepReport> {
        self.step()
    }
}

/// How a whole run ended.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// The simulation after the last step run.
    pub sim: Sim,
    /// How many steps ran (all of them, unless one failed).
    pub steps_run: usize,
    /// The first failed step; the run stopped there.
    pub failure: Option<StepReport>,
}

impl RunResult {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }

    /// [`Sim::state_hash`] of the final state.
    pub fn state_hash(&self) -> u64 {
        self.sim.state_hash()
    }
}

/// Runs every step in order, calling `on_step` after each, and stops at the
/// first failed one.
pub fn run(scenario: &Scenario, on_step: &mut dyn FnMut(&StepReport)) -> RunResult {
    let mut runner = Runner::new(scenario.clone());
    let mut steps_run = 0;
    while let Some(report) = runner.step() {
        steps_run += 1;
        on_step(&report);
        if !report.verdict.passed() {
            return RunResult { sim: runner.into_sim(), steps_run, failure: Some(report) };
        }
    }
    RunResult { sim: runner.into_sim(), steps_run, failure: None }
}

/// Parses and runs `text`, and gives the final state's hash. A scenario whose
/// step fails is an error too, placed at that step.
pub fn final_hash(text: &str) -> Result<u64, ScenarioError> {
    let scenario = Scenario::parse(text)?;
    let result = run(&scenario, &mut |_| {});
    match result.failure {
        None => Ok(result.state_hash()),
        Some(r) => {
            let Verdict::Failed { expected, seen } = r.verdict else { unreachable!("a failure failed") };
            Err(ScenarioError::at(r.line, r.column, format!("step {} failed: {}: expected {expected}, saw {seen}", r.index + 1, r.description)))
        }
    }
}

/// Carries out one step: (stdout, stderr, success, verdict).
fn execute(sim: &mut Sim, step: &Step) -> (String, String, bool, Verdict) {
    let (stdout, stderr, success) = match &step.action {
        StepAction::Kubectl(line) => {
            let o = podium_kubectl::run(sim, line);
            (o.stdout, o.stderr, o.success)
        }
        StepAction::Apply(a) => {
            let o = podium_kubectl::apply(sim, &a.manifest, a.namespace.as_deref());
            (o.stdout, o.stderr, o.success)
        }
        StepAction::Wait(secs) => {
            sim.advance(*secs);
            (String::new(), String::new(), true)
        }
        StepAction::Kill(target) => kill(sim, target),
        StepAction::Bind(b) => act(sim, Action::Bind { namespace: b.namespace.clone(), pod: b.pod.clone(), node: b.node.clone() }),
        StepAction::Load(l) => act(
            sim,
            Action::SetLoad { namespace: l.namespace.clone(), selector: l.selector.clone(), cpu: l.cpu.clone(), memory: l.memory.clone() },
        ),
        StepAction::Traffic(t) => act(
            sim,
            Action::SetTraffic { namespace: t.namespace.clone(), service: t.service.clone(), rps: t.rps, cpu_per_rps: t.cpu_per_request.clone() },
        ),
        StepAction::Health(h) => act(
            sim,
            Action::SetHealth { namespace: h.namespace.clone(), selector: h.selector.clone(), readiness: h.readiness, liveness: h.liveness },
        ),
        StepAction::Expect(e) => {
            let o = podium_kubectl::run(sim, &e.command);
            let verdict = check(&e.matcher, &o.stdout, &o.stderr);
            return (o.stdout, o.stderr, o.success, verdict);
        }
    };
    let verdict = if !step.fails {
        if success {
            Verdict::Passed
        } else {
            Verdict::Failed { expected: "the step to succeed".into(), seen: format!("refused: {}", first_line(&stderr, &stdout)) }
        }
    } else if success {
        let expected = match &step.error {
            Some(t) => format!("a refusal containing {t:?}"),
            None => "a refusal (fails: true)".into(),
        };
        Verdict::Failed { expected, seen: format!("it succeeded: {}", first_line(&stdout, &stderr)) }
    } else {
        match &step.error {
            Some(t) if !stderr.contains(t.as_str()) && !stdout.contains(t.as_str()) => Verdict::Failed {
                expected: format!("a refusal containing {t:?}"),
                seen: format!("{:?}", format!("{stdout}{stderr}").trim_end()),
            },
            _ => Verdict::Passed,
        }
    };
    (stdout, stderr, success, verdict)
}

fn first_line(a: &str, b: &str) -> String {
    let text = if a.trim().is_empty() { b } else { a };
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("(no output)");
    line.to_string()
}

fn check(matcher: &Matcher, stdout: &str, stderr: &str) -> Verdict {
    let all = format!("{stdout}{stderr}");
    let ok = match matcher {
        Matcher::Equals(v) => stdout.trim() == v,
        Matcher::Contains(v) => all.contains(v.as_str()),
        // Without the final newline, so `$` means the end of the output.
        Matcher::Matches(re) => re.is_match(all.trim_end_matches(['\n', '\r'])),
        Matcher::Count(n) => stdout.split_whitespace().count() as u64 == *n,
    };
    if ok {
        return Verdict::Passed;
    }
    let seen = match matcher {
        Matcher::Equals(_) => format!("{:?}", stdout.trim()),
        Matcher::Count(_) => {
            let words: Vec<&str> = stdout.split_whitespace().collect();
            let mut s = format!("{} ({})", words.len(), preview(&words.join(" ")));
            if !stderr.trim().is_empty() {
                s.push_str(&format!("; stderr {}", preview(stderr.trim_end())));
            }
            s
        }
        Matcher::Contains(_) | Matcher::Matches(_) => preview(all.trim_end()),
    };
    Verdict::Failed { expected: matcher.describe(), seen }
}

/// Quoted text, shortened past 600 characters.
fn preview(s: &str) -> String {
    const MAX: usize = 600;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}... ({} characters)", s.chars().count())
    }
}

fn act(sim: &mut Sim, action: Action) -> (String, String, bool) {
    match sim.act(action) {
        Ok(outcome) => {
            let out: String = outcome.changes.iter().map(|c| format!("{}\n", c.kubectl_line())).collect();
            (out, String::new(), true)
        }
        Err(e) => (String::new(), format!("{e}\n"), false),
    }
}

fn kill(sim: &mut Sim, target: &KillTarget) -> (String, String, bool) {
    match target {
        KillTarget::Pod { namespace, name } => act(sim, Action::KillPod { namespace: namespace.clone(), name: name.clone() }),
        KillTarget::Node { name } => act(sim, Action::KillNode { name: name.clone() }),
        KillTarget::Selector { selector, namespace, count } => {
            let victims: Vec<String> = sim
                .kube()
                .store
                .pods
                .values()
                .filter(|p| p.metadata.ns() == namespace && p.is_active() && selector.matches(&p.metadata.labels))
                .map(|p| p.metadata.name.clone())
                .collect();
            if victims.len() < *count as usize {
                let found = match victims.len() {
                    0 => "no active pod matches".to_string(),
                    1 => "only 1 active pod matches".to_string(),
                    n => format!("only {n} active pods match"),
                };
                return (String::new(), format!("{found} {selector} in namespace {namespace} (wanted {count})\n"), false);
            }
            let mut stdout = String::new();
            for name in victims.into_iter().take(*count as usize) {
                let (out, err, ok) = act(sim, Action::KillPod { namespace: namespace.clone(), name });
                stdout.push_str(&out);
                if !ok {
                    return (stdout, err, false);
                }
            }
            (stdout, String::new(), true)
        }
    }
}
