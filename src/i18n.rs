//! Every interface text, in English and Korean, in one table (`tr`). Engine
//! messages (events, scheduler reasons, statuses such as `Running`) stay in
//! English, as kubectl shows them; the labels around them are translated here.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 tag for `<html lang>` and `data-lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// `ko`, `ko-KR` → Korean; `en`, `en-US` → English; anything else: none.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The page's language: `?lang=ko|en` wins, else the browser's language
    /// (`ko*` → Korean), else English.
    pub fn choose(query_lang: Option<&str>, navigator_language: Option<&str>) -> Lang {
        if let Some(l) = query_lang.and_then(Lang::from_tag) {
            return l;
        }
        match navigator_language.and_then(Lang::from_tag) {
            Some(Lang::Ko) => Lang::Ko,
            _ => Lang::En,
        }
    }

    /// `?lang=` wins, then the language the learner chose last time (`remembered`,
    /// from localStorage), then the browser's.
    pub fn detect_remembered(remembered: Option<Lang>) -> Lang {
        let query = crate::persist::query("lang");
        match (query.as_deref().and_then(Lang::from_tag), remembered) {
            (Some(l), _) | (None, Some(l)) => l,
            (None, None) => Lang::detect(),
        }
    }

    /// Reads `?lang=` and `navigator.language` from the browser.
    pub fn detect() -> Lang {
        let Some(window) = web_sys::window() else { return Lang::En };
        let query = window
            .location()
            .search()
            .ok()
            .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
            .and_then(|p| p.get("lang"));
        let nav = window.navigator().language();
        Lang::choose(query.as_deref(), nav.as_deref())
    }
}

/// A text of the interface, with what it mentions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text<'a> {
    Tagline,
    Language,
    Nodes,
    PendingPods,
    PendingHint,
    PendingEmpty,
    NodeEmpty,
    Time,
    Clock(&'a str),
    Play,
    Pause,
    Step,
    StepLabel,
    // Step-by-step controllers (stepper.rs).
    StepperGroup,
    Hold,
    HoldLabel,
    StepController,
    StepControllerLabel,
    StepPass,
    StepPassLabel,
    RunUntilQuiet,
    RunUntilQuietLabel,
    Unsettled,
    StepReport { at: &'a str, pass: usize, changed: &'a str, settled: bool },
    QuietAfter { after: u64, window: u64, ahead: u64 },
    RunningUntilQuiet,
    QuietProgress { played: u64, looking_ahead: bool },
    QuietStopped(u64),
    StopQuietRun,
    StopQuietRunLabel,
    StillChanging(u64),
    Speed,
    SpeedOption(u32),
    SpeedLabel(u32),
    Running,
    Paused,
    Events,
    NewestFirst,
    NoEvents,
    ColAge,
    ColType,
    ColReason,
    ColObject,
    ColMessage,
    Cpu,
    Memory,
    Pods,
    Status,
    PodReady,
    PodNotReady,
    Requests,
    OwnedBy(&'a str, &'a str),
    Kill,
    KillPodLabel(&'a str),
    /// A pod dot in the compact view: select, or Delete to kill.
    DotLabel(&'a str),
    SwitchOff,
    SwitchOffLabel(&'a str),
    SwitchedOff,
    SwitchedOffHint,
    SchedulerSays,
    HandScheduled(&'a str),
    Fits,
    CannotTake(&'a str),
    Refused(&'a str),
    Carrying(&'a str),
    Cancel,
    PickUpLabel(&'a str),
    DropLabel(&'a str),
    AnnouncePickedUp(&'a str),
    AnnounceTarget(&'a str, &'a str),
    AnnounceBound(&'a str, &'a str),
    AnnounceRefused(&'a str, &'a str, &'a str),
    AnnounceCancelled,
    AnnounceKilledPod(&'a str),
    AnnounceKilledNode(&'a str),
    AnnounceError(&'a str),
    Workloads,
    NoEventsAbout,
    CloseInspector,
    ObjectGone,
    ShowDetails(&'a str),
    ReadyOf(i64, i64),
    Endpoints(&'a str, usize),
    ConsoleTitle,
    ConsoleHint,
    ConsoleOutputLabel,
    ConsoleInputLabel,
    ConsoleEmpty,
    ConsoleNotKubectl(&'a str),
    ConsoleWatchHint,
    ConsoleWatchStopped,
    ConsoleWatching(&'a str),
    ConsoleStop,
    ConsoleChoices,
    ConsoleNoCompletion,
    ConsoleUseEditor,
    YamlTitle,
    YamlExamples,
    YamlLabel,
    YamlApply,
    YamlHint,
    YamlApplied,
    YamlErrorAt(usize, usize),
    YamlErrorAtLine(usize),
    YamlRefused,
    StateGroup,
    Cluster,
    ClusterName(crate::clusters::Builtin),
    Reset,
    ResetLabel,
    Export,
    ExportLabel,
    Import,
    ImportLabel,
    Exported(&'a str),
    ExportAgain,
    Imported,
    ImportRefused(&'a str),
    SavedUnreadable(&'a str),
    ResetDone(&'a str),
    NotSaved,
    LoadTitle,
    LoadHint,
    NoServiceFor(&'a str),
    // --- Inspector depth and actions (src/inspector/) ---
    Details,
    Scheduling,
    SchedAttempt(&'a str),
    SchedChose(&'a str),
    SchedFailed,
    SchedNone,
    SchedHowToRead,
    BoundByHand(&'a str),
    ColNode,
    ColVerdict,
    ColTotal,
    Passed,
    RefusedBy(&'a str),
    Chosen,
    NotScored,
    Phase,
    PodIp,
    InternalIp,
    QosClass,
    ControlledBy,
    Containers,
    ColName,
    ColImage,
    ColState,
    ColReady,
    ColRestarts,
    ColLastState,
    Conditions,
    Yes,
    No,
    None_,
    Zone,
    Labels,
    Taints,
    SchedulingLabel,
    SchedulingDisabled,
    SchedulingEnabled,
    RequestedOfAllocatable,
    Replicas,
    ReplicasLine(i64, i64, i64, i64),
    Strategy,
    Revision,
    ReplicaSets,
    ColDesired,
    ColCurrent,
    PausedLabel,
    Images,
    ServiceType,
    ClusterIp,
    Ports,
    Selector,
    ReadyEndpoints,
    NotReadyEndpoints,
    Traffic,
    TrafficLine(i64, i64, i64),
    NoTraffic,
    Actions,
    Cordon,
    Uncordon,
    Drain,
    DrainForce,
    DrainHint,
    AddTaint,
    TaintSpec,
    RemoveTaint(&'a str),
    Remove,
    ScaleDownLabel,
    ScaleUpLabel,
    ReplicasInput,
    Apply,
    SetImage,
    ImageOf(&'a str),
    RollBack,
    PauseRollout,
    ResumeRollout,
    RestartRollout,
    Health,
    BreakReadiness,
    BreakLiveness,
    LeakMemory,
    Mend,
    ReadinessProbe,
    LivenessProbe,
    ProbeSucceeds,
    ProbeFails,
    MemoryUse,
    NoReadinessProbe,
    NoLivenessProbe,
    NoMemoryLimit,
    LoadSlider(&'a str),
    Rps(i64),
    AnnounceDone(&'a str),
    DoneReadiness(&'a str),
    DoneLiveness(&'a str),
    DoneLeak(&'a str),
    DoneMend(&'a str),
    DoneTraffic(&'a str, i64),
    // --- visuals: charts, workloads, services, autoscaling, nodes ---
    Charts,
    ChartsWindow(u64),
    ChartCpu,
    ChartReplicas,
    ChartPending,
    ChartTraffic,
    RequestsSeries,
    ErrorsPerSecond,
    NewReplicaSet,
    OldReplicaSet,
    Desired,
    Current,
    ReadyWord,
    Available,
    SurgeBudget(i64, i64),
    UnavailableBudget(i64, i64),
    RollingOut,
    DaemonSetCounts(i64, i64),
    JobCompletions(i64, i64, i64, i64),
    Suspended,
    NextRun(&'a str, &'a str),
    ServicesTitle,
    RpsValue(i64),
    NotReadyEndpoint,
    ErrorRate(i64, i64),
    IdleService,
    NoEndpoints,
    NoAddressYet(usize),
    Autoscaling,
    UtilizationOf(&'a str, Option<i64>, i64),
    ReplicasRange(i64, i64, i64),
    NextSync(&'a str),
    LastDecision(&'a str),
    WithinTolerance(i64),
    LimitedTo(i64, Option<podium_engine::kube::hpa::Limit>),
    ScaledFromTo(i64, i64),
    NoDecisionYet,
    ClusterAutoscaler,
    GroupSize(usize, usize, usize),
    Booting(usize),
    LastScaleUp(&'a str, usize),
    RequestedUsed(&'a str, &'a str, &'a str),
    ZoneTag(&'a str),
    Taint,
    Leaving,
    BootingNode,
    JoinsIn(&'a str, &'a str),
    CompactNote,
    Restarts(i64),
}

/// The text in the given language.
pub fn tr(lang: Lang, text: Text<'_>) -> String {
    use podium_engine::kube::hpa::Limit;
    use std::borrow::Cow;
    use Text::*;
    // The arms stay borrowed where the text is fixed: one allocation for the language shown
    // instead of two, and no string copying code per arm (this function is large). A text with
    // arguments is formatted only in the language shown (`en!`, `ko!`: the other side is left
    // empty and never read), as the board asks for hundreds of texts a render.
    macro_rules! en {
        ($($arg:tt)*) => { if lang == Lang::En { Cow::Owned(std::format!($($arg)*)) } else { Cow::Borrowed("") } };
    }
    macro_rules! ko {
        ($($arg:tt)*) => { if lang == Lang::Ko { Cow::Owned(std::format!($($arg)*)) } else { Cow::Borrowed("") } };
    }
    let (en, ko): (Cow<str>, Cow<str>) = match text {
        Tagline => ("A live Kubernetes cluster in your browser".into(), "브라우저 안에서 돌아가는 쿠버네티스 클러스터".into()),
        Language => ("Language".into(), "언어".into()),
        Nodes => ("Nodes".into(), "노드".into()),
        PendingPods => ("Pending pods".into(), "대기 중인 파드".into()),
        PendingHint => (
            "Drag a pod onto a node, or focus it and press Enter, then choose a node with the arrow keys.".into(),
            "파드를 노드 위로 끌어다 놓으세요. 키보드로는 파드를 선택해 Enter를 누른 뒤 화살표 키로 노드를 고릅니다.".into(),
        ),
        PendingEmpty => ("No pod is waiting.".into(), "기다리는 파드가 없습니다.".into()),
        NodeEmpty => ("No pods on this node.".into(), "이 노드에는 파드가 없습니다.".into()),
        Time => ("Time".into(), "시간".into()),
        Clock(t) => (en!("t = {t}"), ko!("t = {t}")),
        Play => ("Play".into(), "재생".into()),
        Pause => ("Pause".into(), "일시정지".into()),
        Step => ("+1 s".into(), "+1초".into()),
        StepLabel => ("Advance the clock by one second".into(), "시간을 1초 앞으로".into()),
        StepperGroup => ("Step through the controllers".into(), "컨트롤러 한 단계씩 보기".into()),
        Hold => ("Hold controllers".into(), "컨트롤러 붙잡기".into()),
        HoldLabel => (
            "Hold the controllers: what you do is applied, and they react only when you step".into(),
            "컨트롤러를 붙잡아 둡니다: 내 조작은 반영되고, 컨트롤러는 단계를 누를 때만 반응합니다".into(),
        ),
        StepController => ("Next controller".into(), "다음 컨트롤러".into()),
        StepControllerLabel => (
            "Run the controllers in order until one changes something".into(),
            "무언가를 바꾸는 컨트롤러가 나올 때까지 차례로 실행".into(),
        ),
        StepPass => ("One pass".into(), "한 바퀴".into()),
        StepPassLabel => (
            "Run every controller once: one reconcile pass".into(),
            "모든 컨트롤러를 한 번씩 실행: 조정(reconcile) 한 바퀴".into(),
        ),
        RunUntilQuiet => ("Until nothing changes".into(), "변화가 멈출 때까지".into()),
        RunUntilQuietLabel => (
            "Play until no object changes any more (at most 10 minutes)".into(),
            "어떤 객체도 더는 바뀌지 않을 때까지 재생 (최대 10분)".into(),
        ),
        RunningUntilQuiet => ("Playing until nothing changes…".into(), "변화가 멈출 때까지 재생하는 중…".into()),
        QuietProgress { played, looking_ahead: false } => (
            en!("Playing until nothing changes: {played} s so far."),
            ko!("변화가 멈출 때까지 재생하는 중: 지금까지 {played}초."),
        ),
        QuietProgress { played, looking_ahead: true } => (
            en!("Nothing changed for 30 s (at {played} s); checking on a copy that nothing changes later…"),
            ko!("30초 동안 바뀐 것이 없습니다 ({played}초); 나중에도 바뀌지 않는지 복사본으로 확인하는 중…"),
        ),
        QuietStopped(played) => (en!("Stopped after {played} s."), ko!("{played}초 뒤 멈췄습니다.")),
        StopQuietRun => ("Stop".into(), "멈추기".into()),
        StopQuietRunLabel => ("Stop playing until nothing changes".into(), "‘변화가 멈출 때까지’ 재생을 멈춥니다".into()),
        Unsettled => ("Controllers still have work at this second".into(), "이 시점에 컨트롤러가 할 일이 남았습니다".into()),
        StepReport { at, pass, changed, settled } => {
            let (en, ko) = if changed.is_empty() {
                (en!("t = {at} · pass {pass}: nothing changed."), ko!("t = {at} · {pass}번째 바퀴: 바뀐 것이 없습니다."))
            } else {
                (en!("t = {at} · pass {pass}: changed by {changed}."), ko!("t = {at} · {pass}번째 바퀴: {changed}이(가) 바꿨습니다."))
            };
            if settled {
                (en!("{en} This second is settled."), ko!("{ko} 이 시점은 안정되었습니다."))
            } else {
                (en, ko)
            }
        }
        QuietAfter { after, window, ahead: 0 } => (
            en!("Quiet after {after} s (nothing changed in the {window} s after)."),
            ko!("{after}초 뒤 잠잠해졌습니다 (그 뒤 {window}초 동안 바뀐 것이 없습니다)."),
        ),
        QuietAfter { after, window, ahead } => (
            en!("Quiet after {after} s (nothing changed in the {window} s after, and nothing will in the {ahead} s after that)."),
            ko!("{after}초 뒤 잠잠해졌습니다 (그 뒤 {window}초 동안 바뀐 것이 없고, 이어지는 {ahead}초 동안에도 바뀌지 않습니다)."),
        ),
        StillChanging(after) if after % 60 == 0 => (
            en!("Still changing after {} min.", after / 60),
            ko!("{}분이 지나도 계속 바뀌고 있습니다.", after / 60),
        ),
        StillChanging(after) => (en!("Still changing after {after} s."), ko!("{after}초가 지나도 계속 바뀌고 있습니다.")),
        Speed => ("Speed".into(), "속도".into()),
        SpeedOption(n) => (en!("{n}×"), ko!("{n}×")),
        SpeedLabel(n) => (
            en!("{n} simulated second{} per real second", if n == 1 { "" } else { "s" }),
            ko!("실제 1초에 가상 {n}초"),
        ),
        Running => ("running".into(), "진행 중".into()),
        Paused => ("paused".into(), "멈춤".into()),
        Events => ("Events".into(), "이벤트".into()),
        NewestFirst => ("newest first".into(), "최신 순".into()),
        NoEvents => ("No events yet.".into(), "아직 이벤트가 없습니다.".into()),
        ColAge => ("Last seen".into(), "마지막 발생".into()),
        ColType => ("Type".into(), "유형".into()),
        ColReason => ("Reason".into(), "이유".into()),
        ColObject => ("Object".into(), "대상".into()),
        ColMessage => ("Message".into(), "메시지".into()),
        Cpu => ("cpu".into(), "CPU".into()),
        Memory => ("memory".into(), "메모리".into()),
        Pods => ("pods".into(), "파드".into()),
        Status => ("Status".into(), "상태".into()),
        PodReady => ("ready".into(), "준비됨".into()),
        PodNotReady => ("not ready".into(), "준비 안 됨".into()),
        Requests => ("requests".into(), "요청".into()),
        OwnedBy(kind, name) => (en!("{kind} {name}"), ko!("{kind} {name} 소속")),
        Kill => ("Kill".into(), "종료".into()),
        KillPodLabel(p) => (en!("Kill pod {p}"), ko!("파드 {p} 종료")),
        SwitchOff => ("Switch off".into(), "전원 끄기".into()),
        SwitchOffLabel(n) => (en!("Switch off node {n}"), ko!("노드 {n} 전원 끄기")),
        SwitchedOff => ("switched off".into(), "전원 꺼짐".into()),
        SwitchedOffHint => (
            "Its kubelet is silent; the node controller marks it NotReady after 50 s.".into(),
            "kubelet이 응답하지 않습니다. 50초가 지나면 노드 컨트롤러가 NotReady로 표시합니다.".into(),
        ),
        SchedulerSays => ("Scheduler:".into(), "스케줄러:".into()),
        HandScheduled(s) => (
            en!("schedulerName \u{201c}{s}\u{201d}: no scheduler runs under that name, so this pod waits for you to place it."),
            ko!("schedulerName \u{201c}{s}\u{201d}: 이 이름의 스케줄러가 없으므로, 여러분이 직접 배치할 때까지 기다립니다."),
        ),
        Fits => ("fits here".into(), "배치 가능".into()),
        CannotTake(r) => (en!("cannot take it: {r}"), ko!("배치 불가: {r}")),
        Refused(r) => (en!("Refused: {r}"), ko!("거절됨: {r}")),
        Carrying(p) => (en!("Moving {p}: choose a node"), ko!("{p} 옮기는 중: 노드를 고르세요")),
        Cancel => ("Cancel".into(), "취소".into()),
        PickUpLabel(p) => (
            en!("Pending pod {p}. Press Enter to pick it up."),
            ko!("대기 중인 파드 {p}. Enter를 눌러 집어 드세요."),
        ),
        DropLabel(n) => (en!("Node {n}"), ko!("노드 {n}")),
        AnnouncePickedUp(p) => (
            en!("Picked up {p}. Arrow keys or Tab choose a node, Enter places it, Escape cancels."),
            ko!("{p} 파드를 집었습니다. 화살표 키나 Tab으로 노드를 고르고, Enter로 놓고, Esc로 취소합니다."),
        ),
        AnnounceTarget(n, verdict) => (en!("Node {n}: {verdict}"), ko!("노드 {n}: {verdict}")),
        AnnounceBound(p, n) => (en!("Placed {p} on {n}."), ko!("{p} 파드를 {n} 노드에 배치했습니다.")),
        AnnounceRefused(p, n, r) => (
            en!("{n} refused {p}: {r}. Nothing changed."),
            ko!("{n} 노드가 {p} 파드를 거절했습니다: {r}. 아무것도 바뀌지 않았습니다."),
        ),
        AnnounceCancelled => ("Cancelled; nothing changed.".into(), "취소했습니다. 아무것도 바뀌지 않았습니다.".into()),
        AnnounceKilledPod(p) => (en!("Killed pod {p}."), ko!("{p} 파드를 종료했습니다.")),
        AnnounceKilledNode(n) => (en!("Switched off node {n}."), ko!("{n} 노드의 전원을 껐습니다.")),
        AnnounceError(e) => (en!("Refused: {e}"), ko!("거절됨: {e}")),
        Workloads => ("Workloads".into(), "워크로드".into()),
        NoEventsAbout => ("No events about this object yet.".into(), "이 오브젝트에 관한 이벤트가 아직 없습니다.".into()),
        CloseInspector => ("Close details".into(), "상세 정보 닫기".into()),
        ObjectGone => ("This object no longer exists.".into(), "이 오브젝트는 더 이상 없습니다.".into()),
        ShowDetails(o) => (en!("Show details of {o}"), ko!("{o} 상세 정보 보기")),
        ReadyOf(r, d) => (en!("{r}/{d} ready"), ko!("{r}/{d} 준비됨")),
        Endpoints(s, n) => (
            en!("Service {s}: {n} endpoint{}", if n == 1 { "" } else { "s" }),
            ko!("서비스 {s}: 엔드포인트 {n}개"),
        ),
        ConsoleTitle => ("Console".into(), "콘솔".into()),
        ConsoleHint => (
            "Type a kubectl command and press Enter (\"kubectl\" is optional). Tab completes, ↑/↓ recall earlier commands, \"clear\" empties the log.".into(),
            "kubectl 명령을 입력하고 Enter를 누르세요 (\"kubectl\"은 생략 가능). Tab은 자동 완성, ↑/↓는 이전 명령, \"clear\"는 기록을 지웁니다.".into(),
        ),
        ConsoleOutputLabel => ("Console output".into(), "콘솔 출력".into()),
        ConsoleInputLabel => ("kubectl command".into(), "kubectl 명령".into()),
        ConsoleEmpty => ("Nothing yet. Try: get pods".into(), "아직 출력이 없습니다. 예: get pods".into()),
        ConsoleNotKubectl(w) => (
            en!("\"{w}\" is not a command here: this console runs kubectl commands (for example: kubectl get pods), and \"clear\"."),
            ko!("\"{w}\"은(는) 여기서 쓸 수 없는 명령입니다. 이 콘솔은 kubectl 명령(예: kubectl get pods)과 \"clear\"만 실행합니다."),
        ),
        ConsoleWatchHint => (
            "Watching: a row appears each time an object changes as the clock moves. Escape, Ctrl+C or Stop ends it.".into(),
            "지켜보는 중: 시간이 흐르며 오브젝트가 바뀔 때마다 한 줄씩 나옵니다. Esc, Ctrl+C 또는 중지로 끝냅니다.".into(),
        ),
        ConsoleWatchStopped => ("watch stopped".into(), "지켜보기를 멈췄습니다".into()),
        ConsoleWatching(c) => (en!("Watching: {c}"), ko!("지켜보는 중: {c}")),
        ConsoleStop => ("Stop".into(), "중지".into()),
        ConsoleChoices => ("Choices:".into(), "후보:".into()),
        ConsoleNoCompletion => ("No completion.".into(), "완성할 후보가 없습니다.".into()),
        ConsoleUseEditor => (
            "There are no files in the playground: paste manifests into the YAML editor and press Apply.".into(),
            "플레이그라운드에는 파일이 없습니다. 매니페스트를 YAML 편집기에 붙여 넣고 적용을 누르세요.".into(),
        ),
        YamlTitle => ("Apply YAML".into(), "YAML 적용".into()),
        YamlExamples => ("Examples:".into(), "예제:".into()),
        YamlLabel => ("Manifests (YAML, documents separated by ---)".into(), "매니페스트 (YAML, 문서는 ---로 구분)".into()),
        YamlApply => ("Apply".into(), "적용".into()),
        YamlHint => (
            "Ctrl+Enter applies. All documents are applied together, or none.".into(),
            "Ctrl+Enter로 적용합니다. 모든 문서가 함께 적용되거나, 하나도 적용되지 않습니다.".into(),
        ),
        YamlApplied => ("Applied.".into(), "적용했습니다.".into()),
        YamlErrorAt(l, c) => (
            en!("Error at line {l}, column {c}. Nothing changed in the cluster."),
            ko!("{l}번째 줄 {c}번째 칸에 오류가 있습니다. 클러스터는 바뀌지 않았습니다."),
        ),
        YamlErrorAtLine(l) => (
            en!("Error at line {l}. Nothing changed in the cluster."),
            ko!("{l}번째 줄에 오류가 있습니다. 클러스터는 바뀌지 않았습니다."),
        ),
        YamlRefused => ("Refused. Nothing changed in the cluster.".into(), "거절되었습니다. 클러스터는 바뀌지 않았습니다.".into()),
        StateGroup => ("Board state".into(), "보드 상태".into()),
        Cluster => ("Cluster".into(), "클러스터".into()),
        ClusterName(b) => match b {
            crate::clusters::Builtin::Starter => ("Three nodes".into(), "노드 3개".into()),
            crate::clusters::Builtin::Autoscale => ("Autoscaling node group".into(), "자동 확장 노드 그룹".into()),
            crate::clusters::Builtin::Gpu => ("Tainted GPU node".into(), "테인트된 GPU 노드".into()),
        },
        Reset => ("Reset".into(), "처음으로".into()),
        ResetLabel => ("Start this cluster again from the beginning".into(), "이 클러스터를 처음 상태로 되돌리기".into()),
        Export => ("Export".into(), "내보내기".into()),
        ExportLabel => ("Download the board's state as a file".into(), "보드 상태를 파일로 내려받기".into()),
        Import => ("Import".into(), "가져오기".into()),
        ImportLabel => ("Load a board state from a file".into(), "파일에서 보드 상태 불러오기".into()),
        Exported(f) => (en!("Downloaded {f}."), ko!("{f} 파일로 내려받았습니다.")),
        ExportAgain => ("Download again".into(), "다시 내려받기".into()),
        Imported => ("Loaded the board from the file.".into(), "파일에서 보드를 불러왔습니다.".into()),
        ImportRefused(e) => (
            en!("The file was not loaded: {e}. Nothing changed."),
            ko!("파일을 불러오지 못했습니다: {e}. 아무것도 바뀌지 않았습니다."),
        ),
        SavedUnreadable(e) => (
            en!("The saved board could not be read ({e}); this is a fresh start."),
            ko!("저장된 보드를 읽을 수 없어 ({e}) 새로 시작합니다."),
        ),
        ResetDone(c) => (en!("Back to the start of \u{201c}{c}\u{201d}."), ko!("\u{201c}{c}\u{201d}의 처음 상태로 돌아왔습니다.")),
        NotSaved => (
            "The browser did not let the board be saved; a reload will start afresh.".into(),
            "브라우저가 저장을 허용하지 않아 새로고침하면 처음부터 시작합니다.".into(),
        ),
        LoadTitle => ("Load".into(), "부하".into()),
        LoadHint => (
            "Requests are shared by the ready pods behind the Service, each costing 1m cpu: the HPA adds pods until each is near its target, and pods that fit nowhere make the Cluster Autoscaler add nodes. The same slider is in the Service's inspector.".into(),
            "요청은 서비스 뒤의 준비된 파드들이 나눠 받고, 요청 하나가 CPU 1m를 씁니다. HPA는 파드마다 목표치에 가까워질 때까지 파드를 늘리고, 자리가 없는 파드가 생기면 클러스터 오토스케일러가 노드를 늘립니다. 같은 슬라이더가 서비스 인스펙터에도 있습니다.".into(),
        ),
        NoServiceFor(d) => (
            en!("No Service sends requests to {d}: kubectl expose deployment {d} --port 80"),
            ko!("{d}로 요청을 보내는 서비스가 없습니다: kubectl expose deployment {d} --port 80"),
        ),
        Details => ("Details".into(), "상세".into()),
        Scheduling => ("Scheduler's reasoning".into(), "스케줄러의 판단".into()),
        SchedAttempt(ago) => (en!("Latest scheduling attempt, {ago} ago"), ko!("최근 스케줄링 시도: {ago} 전")),
        SchedChose(n) => (en!("Chose {n}: the highest total score."), ko!("{n} 노드 선택: 총점이 가장 높습니다.")),
        SchedFailed => ("No node can take it:".into(), "이 파드를 받을 수 있는 노드가 없습니다:".into()),
        SchedNone => (
            "The scheduler has not tried this pod yet (or its decision is no longer kept).".into(),
            "스케줄러가 아직 이 파드를 시도하지 않았습니다 (또는 결정 기록이 더 이상 없습니다).".into(),
        ),
        SchedHowToRead => (
            "Filters first: one refusal rules a node out. Each scoring plugin then gives the remaining nodes 0–100 (raw ⇒ normalized, for plugins that scale over the nodes) → score × weight; the highest total wins.".into(),
            "먼저 필터: 하나라도 거절하면 그 노드는 제외됩니다. 남은 노드에 점수 플러그인이 각각 0–100점을 주고 (노드들에 맞춰 정규화하는 플러그인은 원점수 ⇒ 정규화 점수) → 점수 × 가중치, 합이 가장 큰 노드가 선택됩니다.".into(),
        ),
        BoundByHand(n) => (
            en!("Placed on {n} by hand: a binding, not the scheduler's choice."),
            ko!("{n} 노드에 직접 배치했습니다: 스케줄러가 아닌 바인딩입니다."),
        ),
        ColNode => ("Node".into(), "노드".into()),
        ColVerdict => ("Filters".into(), "필터".into()),
        ColTotal => ("Total".into(), "총점".into()),
        Passed => ("passed".into(), "통과".into()),
        RefusedBy(p) => (en!("refused by {p}:"), ko!("{p} 필터가 거절:")),
        Chosen => ("chosen".into(), "선택됨".into()),
        NotScored => ("not scored".into(), "점수 없음".into()),
        Phase => ("Phase".into(), "단계".into()),
        PodIp => ("Pod IP".into(), "파드 IP".into()),
        InternalIp => ("Internal IP".into(), "내부 IP".into()),
        QosClass => ("QoS class".into(), "QoS 클래스".into()),
        ControlledBy => ("Controlled by".into(), "소유자".into()),
        Containers => ("Containers".into(), "컨테이너".into()),
        ColName => ("Name".into(), "이름".into()),
        ColImage => ("Image".into(), "이미지".into()),
        ColState => ("State".into(), "상태".into()),
        ColReady => ("Ready".into(), "준비".into()),
        ColRestarts => ("Restarts".into(), "재시작".into()),
        ColLastState => ("Last state".into(), "이전 상태".into()),
        Conditions => ("Conditions".into(), "조건".into()),
        Yes => ("yes".into(), "예".into()),
        No => ("no".into(), "아니오".into()),
        None_ => ("none".into(), "없음".into()),
        Zone => ("Zone".into(), "영역".into()),
        Labels => ("Labels".into(), "레이블".into()),
        Taints => ("Taints".into(), "테인트".into()),
        SchedulingLabel => ("New pods".into(), "새 파드".into()),
        SchedulingDisabled => ("not accepted (cordoned)".into(), "받지 않음 (cordon됨)".into()),
        SchedulingEnabled => ("accepted".into(), "받음".into()),
        RequestedOfAllocatable => ("Requested / allocatable".into(), "요청량 / 할당 가능량".into()),
        Replicas => ("Replicas".into(), "레플리카".into()),
        ReplicasLine(d, u, r, a) => (
            en!("{d} desired · {u} updated · {r} ready · {a} available"),
            ko!("목표 {d} · 최신 {u} · 준비 {r} · 사용 가능 {a}"),
        ),
        Strategy => ("Strategy".into(), "전략".into()),
        Revision => ("Revision".into(), "리비전".into()),
        ReplicaSets => ("ReplicaSets".into(), "레플리카셋".into()),
        ColDesired => ("Desired".into(), "목표".into()),
        ColCurrent => ("Current".into(), "현재".into()),
        PausedLabel => ("Rollout paused".into(), "롤아웃 일시정지".into()),
        Images => ("Images".into(), "이미지".into()),
        ServiceType => ("Type".into(), "유형".into()),
        ClusterIp => ("Cluster IP".into(), "클러스터 IP".into()),
        Ports => ("Ports".into(), "포트".into()),
        Selector => ("Selector".into(), "셀렉터".into()),
        ReadyEndpoints => ("Ready endpoints".into(), "준비된 엔드포인트".into()),
        NotReadyEndpoints => ("Not-ready endpoints".into(), "준비 안 된 엔드포인트".into()),
        Traffic => ("Traffic".into(), "트래픽".into()),
        TrafficLine(rps, served, errors) => (
            en!("{rps} requests/s: {served} served, {errors} failing (no ready endpoint)"),
            ko!("초당 {rps} 요청: {served} 처리, {errors} 실패 (준비된 엔드포인트 없음)"),
        ),
        NoTraffic => ("No traffic is sent to it.".into(), "보내는 트래픽이 없습니다.".into()),
        Actions => ("Actions".into(), "조작".into()),
        Cordon => ("Cordon".into(), "Cordon (새 파드 받지 않기)".into()),
        Uncordon => ("Uncordon".into(), "Uncordon (새 파드 다시 받기)".into()),
        Drain => ("Drain".into(), "Drain (파드 비우기)".into()),
        DrainForce => ("also evict pods without a controller (--force)".into(), "컨트롤러 없는 파드도 내보내기 (--force)".into()),
        DrainHint => (
            "Cordons the node, then evicts its pods; DaemonSet pods stay (--ignore-daemonsets).".into(),
            "노드를 cordon한 뒤 파드를 내보냅니다. DaemonSet 파드는 남습니다 (--ignore-daemonsets).".into(),
        ),
        AddTaint => ("Add taint".into(), "테인트 추가".into()),
        TaintSpec => ("Taint (key=value:Effect)".into(), "테인트 (key=value:Effect)".into()),
        RemoveTaint(t) => (en!("Remove taint {t}"), ko!("테인트 {t} 제거")),
        Remove => ("Remove".into(), "제거".into()),
        ScaleDownLabel => ("Scale down by one".into(), "하나 줄이기".into()),
        ScaleUpLabel => ("Scale up by one".into(), "하나 늘리기".into()),
        ReplicasInput => ("Desired replicas".into(), "목표 레플리카 수".into()),
        Apply => ("Set".into(), "적용".into()),
        SetImage => ("Set image".into(), "이미지 변경".into()),
        ImageOf(c) => (en!("Image of container {c}"), ko!("{c} 컨테이너 이미지")),
        RollBack => ("Roll back".into(), "롤백".into()),
        PauseRollout => ("Pause rollout".into(), "롤아웃 일시정지".into()),
        ResumeRollout => ("Resume rollout".into(), "롤아웃 재개".into()),
        RestartRollout => ("Restart pods".into(), "파드 재시작".into()),
        Health => ("Application health (simulated)".into(), "애플리케이션 상태 (시뮬레이션)".into()),
        BreakReadiness => ("Break readiness".into(), "준비 상태 고장".into()),
        BreakLiveness => ("Break liveness".into(), "활성 상태 고장".into()),
        LeakMemory => ("Leak memory".into(), "메모리 누수".into()),
        Mend => ("Mend".into(), "복구".into()),
        ReadinessProbe => ("Readiness probe".into(), "준비 프로브".into()),
        LivenessProbe => ("Liveness probe".into(), "활성 프로브".into()),
        ProbeSucceeds => ("succeeds".into(), "성공".into()),
        ProbeFails => ("fails".into(), "실패".into()),
        MemoryUse => ("Memory use per container".into(), "컨테이너당 메모리 사용량".into()),
        NoReadinessProbe => (
            "No readiness probe: nothing checks readiness, so breaking it changes nothing Kubernetes can see.".into(),
            "준비 프로브가 없습니다. 아무도 확인하지 않으므로 고장 나도 쿠버네티스는 알 수 없습니다.".into(),
        ),
        NoLivenessProbe => (
            "No liveness probe: a broken application is never restarted.".into(),
            "활성 프로브가 없습니다. 고장 난 애플리케이션이 재시작되지 않습니다.".into(),
        ),
        NoMemoryLimit => ("No memory limit: a leak is never OOM-killed.".into(), "메모리 제한이 없어 누수가 있어도 OOM으로 종료되지 않습니다.".into()),
        LoadSlider(s) => (en!("Requests per second to Service {s}"), ko!("서비스 {s}로 가는 초당 요청 수")),
        Rps(n) => (en!("{n} requests/s"), ko!("초당 {n} 요청")),
        AnnounceDone(what) => (en!("Done: {what}"), ko!("완료: {what}")),
        DoneReadiness(d) => (en!("Readiness of {d} now fails."), ko!("{d}의 준비 프로브가 이제 실패합니다.")),
        DoneLiveness(d) => (en!("Liveness of {d} now fails."), ko!("{d}의 활성 프로브가 이제 실패합니다.")),
        DoneLeak(d) => (en!("{d} now leaks memory past its limit."), ko!("{d}가 이제 메모리 제한을 넘도록 누수됩니다.")),
        DoneMend(d) => (en!("{d} is healthy again."), ko!("{d}가 다시 정상입니다.")),
        DoneTraffic(s, n) => (en!("Service {s}: {n} requests/s."), ko!("서비스 {s}: 초당 {n} 요청.")),
        Charts => ("Over time".into(), "시간에 따른 변화".into()),
        ChartsWindow(s) => (en!("last {s} s of virtual time"), ko!("가상 시간 최근 {s}초")),
        ChartCpu => ("CPU used / requested".into(), "CPU 사용량 / 요청량".into()),
        ChartReplicas => ("Deployment pods".into(), "디플로이먼트 파드 수".into()),
        ChartPending => ("Pending pods".into(), "대기 중인 파드".into()),
        ChartTraffic => ("Requests per second".into(), "초당 요청".into()),
        RequestsSeries => ("requests".into(), "요청".into()),
        ErrorsPerSecond => ("errors".into(), "오류".into()),
        NewReplicaSet => ("new".into(), "새".into()),
        OldReplicaSet => ("old".into(), "이전".into()),
        Desired => ("desired".into(), "의도".into()),
        Current => ("current".into(), "현재".into()),
        ReadyWord => ("ready".into(), "준비".into()),
        Available => ("available".into(), "가용".into()),
        SurgeBudget(s, max) => (
            en!("max surge {s}: at most {max} pods"),
            ko!("maxSurge {s}: 파드는 최대 {max}개"),
        ),
        UnavailableBudget(u, min) => (
            en!("max unavailable {u}: at least {min} available"),
            ko!("maxUnavailable {u}: 최소 {min}개는 가용"),
        ),
        RollingOut => ("rolling out".into(), "롤아웃 중".into()),
        DaemonSetCounts(r, d) => (en!("{r}/{d} ready, one per node"), ko!("{r}/{d} 준비됨, 노드마다 하나")),
        JobCompletions(s, c, a, f) => (
            en!("{s}/{c} completions · {a} active · {f} failed"),
            ko!("완료 {s}/{c} · 실행 중 {a} · 실패 {f}"),
        ),
        Suspended => ("suspended".into(), "일시 중지됨".into()),
        NextRun(sched, t) => (en!("{sched} · next run in {t}"), ko!("{sched} · 다음 실행까지 {t}")),
        ServicesTitle => ("Services and traffic".into(), "서비스와 트래픽".into()),
        RpsValue(n) => (en!("{n} req/s"), ko!("초당 {n}건")),
        NotReadyEndpoint => ("not ready: no traffic".into(), "준비 안 됨: 트래픽 없음".into()),
        ErrorRate(p, n) => (en!("errors {p}% ({n}/s)"), ko!("오류 {p}% (초당 {n}건)")),
        IdleService => ("no traffic".into(), "트래픽 없음".into()),
        NoEndpoints => ("No pod matches its selector.".into(), "셀렉터에 맞는 파드가 없습니다.".into()),
        NoAddressYet(n) => (
            en!("{n} pod{} match, none has an address yet (still being created).", if n == 1 { "" } else { "s" }),
            ko!("파드 {n}개가 맞지만 아직 주소가 없습니다 (생성 중)."),
        ),
        Autoscaling => ("Autoscaling".into(), "오토스케일링".into()),
        UtilizationOf(r, cur, target) => {
            let c = cur.map_or("?".into(), |c| std::format!("{c}%"));
            (en!("{r} {c} of {target}% target"), ko!("{r} {c} (목표 {target}%)"))
        }
        ReplicasRange(min, cur, max) => (en!("replicas {cur} (min {min}, max {max})"), ko!("레플리카 {cur} (최소 {min}, 최대 {max})")),
        NextSync(t) => (en!("next check in {t}"), ko!("다음 확인까지 {t}")),
        LastDecision(ago) => (en!("last decision, {ago} ago:"), ko!("마지막 결정 ({ago} 전):")),
        WithinTolerance(n) => (
            en!("within the 10% tolerance: stays at {n}"),
            ko!("허용 오차 10% 이내: {n}개 유지"),
        ),
        LimitedTo(n, why) => match why {
            Some(Limit::ScaleUpRate) => (en!("limited to {n} by the scale-up rate (ScaleUpLimit)"), ko!("확장 속도 제한으로 {n}개 (ScaleUpLimit)")),
            Some(Limit::ScaleDownRate) => (en!("limited to {n} by the scale-down rate (ScaleDownLimit)"), ko!("축소 속도 제한으로 {n}개 (ScaleDownLimit)")),
            Some(Limit::Max) => (en!("limited to {n}, the HPA's maximum (TooManyReplicas)"), ko!("HPA 최대값 {n}개로 제한 (TooManyReplicas)")),
            Some(Limit::Min) => (en!("raised to {n}, the HPA's minimum (TooFewReplicas)"), ko!("HPA 최소값 {n}개로 올림 (TooFewReplicas)")),
            Some(Limit::ScaleUpStabilized) => (
                en!("held at {n}: a lower recommendation is still in the scale-up stabilization window (ScaleUpStabilized)"),
                ko!("{n}개 유지: 확장 안정화 기간 안에 더 낮은 권장값이 있음 (ScaleUpStabilized)"),
            ),
            Some(Limit::ScaleDownStabilized) => (
                en!("held at {n}: a higher recommendation is still in the scale-down stabilization window (ScaleDownStabilized)"),
                ko!("{n}개 유지: 축소 안정화 기간 안에 더 높은 권장값이 있음 (ScaleDownStabilized)"),
            ),
            None => (en!("limited to {n} (rate limit, bounds or stabilization)"), ko!("{n}개로 제한 (속도 제한, 최소·최대, 안정화)")),
        },
        ScaledFromTo(a, b) => (en!("scaled {a} → {b}"), ko!("{a} → {b}개로 조정")),
        NoDecisionYet => ("No decision yet.".into(), "아직 결정이 없습니다.".into()),
        ClusterAutoscaler => ("Cluster Autoscaler".into(), "클러스터 오토스케일러".into()),
        GroupSize(min, cur, max) => (en!("min {min} · {cur} nodes · max {max}"), ko!("최소 {min} · 노드 {cur}개 · 최대 {max}")),
        Booting(n) => (en!("{n} booting"), ko!("{n}대 부팅 중")),
        LastScaleUp(ago, n) => (
            en!("Last scale-up {ago} ago, for pods that could not be scheduled ({n} still pending):"),
            ko!("마지막 확장 {ago} 전, 스케줄할 수 없던 파드 때문 (아직 대기 중 {n}개):"),
        ),
        RequestedUsed(req, used, total) => (en!("req {req} · used {used} / {total}"), ko!("요청 {req} · 사용 {used} / {total}")),
        ZoneTag(z) => (en!("zone {z}"), ko!("영역 {z}")),
        Taint => ("taint: pods without a matching toleration stay off".into(), "테인트: 맞는 톨러레이션이 없는 파드는 올 수 없음".into()),
        Leaving => ("leaving".into(), "제거 중".into()),
        BootingNode => ("booting".into(), "부팅 중".into()),
        JoinsIn(g, t) => (en!("Node group {g}: joins in {t}"), ko!("노드 그룹 {g}: {t} 후 합류")),
        CompactNote => (
            "large cluster: pods as dots (select one for details and Kill, or press Delete on it)".into(),
            "큰 클러스터: 파드를 점으로 표시 (점을 골라 상세 정보와 종료, 또는 점에서 Delete 키)".into(),
        ),
        DotLabel(o) => (en!("Show details of {o}; Delete kills it"), ko!("{o} 상세 정보 보기; Delete 키로 종료")),
        Restarts(n) => (en!("{n} restarts"), ko!("재시작 {n}회")),
    };
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_comes_from_the_query_then_the_browser() {
        assert_eq!(Lang::choose(Some("ko"), Some("en-US")), Lang::Ko);
        assert_eq!(Lang::choose(Some("en"), Some("ko-KR")), Lang::En);
        assert_eq!(Lang::choose(Some("fr"), Some("ko-KR")), Lang::Ko);
        assert_eq!(Lang::choose(None, Some("ko")), Lang::Ko);
        assert_eq!(Lang::choose(None, Some("de-DE")), Lang::En);
        assert_eq!(Lang::choose(None, None), Lang::En);
    }

    #[test]
    fn both_languages_say_something() {
        for lang in Lang::ALL {
            for t in [Text::Play, Text::Pause, Text::Nodes, Text::Events, Text::PendingPods, Text::Kill] {
                assert!(!tr(lang, t).is_empty());
            }
        }
        assert_eq!(tr(Lang::Ko, Text::Play), "재생");
        assert_eq!(tr(Lang::Ko, Text::Pause), "일시정지");
        assert_eq!(tr(Lang::Ko, Text::PendingPods), "대기 중인 파드");
    }

    #[test]
    fn each_limit_on_an_hpa_is_named_with_its_count_and_upstream_reason_in_both_languages() {
        use podium_engine::kube::hpa::Limit;
        let limits = [Limit::ScaleUpRate, Limit::ScaleDownRate, Limit::Max, Limit::Min, Limit::ScaleUpStabilized, Limit::ScaleDownStabilized];
        let mut seen = Vec::new();
        for lang in Lang::ALL {
            for l in limits {
                let text = tr(lang, Text::LimitedTo(7, Some(l)));
                assert!(text.contains('7') && text.contains(&format!("({})", l.reason())), "{text}");
                seen.push(text);
            }
            // Unknown reason: the general wording.
            assert!(tr(lang, Text::LimitedTo(7, None)).contains('7'));
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 12, "each limit has its own wording in each language");
    }
}
