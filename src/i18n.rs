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
}

/// The text in the given language.
pub fn tr(lang: Lang, text: Text<'_>) -> String {
    use Text::*;
    let (en, ko): (String, String) = match text {
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
        Clock(t) => (format!("t = {t}"), format!("t = {t}")),
        Play => ("Play".into(), "재생".into()),
        Pause => ("Pause".into(), "일시정지".into()),
        Step => ("+1 s".into(), "+1초".into()),
        StepLabel => ("Advance the clock by one second".into(), "시간을 1초 앞으로".into()),
        Speed => ("Speed".into(), "속도".into()),
        SpeedOption(n) => (format!("{n}×"), format!("{n}×")),
        SpeedLabel(n) => (
            format!("{n} simulated second{} per real second", if n == 1 { "" } else { "s" }),
            format!("실제 1초에 가상 {n}초"),
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
        OwnedBy(kind, name) => (format!("{kind} {name}"), format!("{kind} {name} 소속")),
        Kill => ("Kill".into(), "종료".into()),
        KillPodLabel(p) => (format!("Kill pod {p}"), format!("파드 {p} 종료")),
        SwitchOff => ("Switch off".into(), "전원 끄기".into()),
        SwitchOffLabel(n) => (format!("Switch off node {n}"), format!("노드 {n} 전원 끄기")),
        SwitchedOff => ("switched off".into(), "전원 꺼짐".into()),
        SwitchedOffHint => (
            "Its kubelet is silent; the node controller marks it NotReady after 50 s.".into(),
            "kubelet이 응답하지 않습니다. 50초가 지나면 노드 컨트롤러가 NotReady로 표시합니다.".into(),
        ),
        SchedulerSays => ("Scheduler:".into(), "스케줄러:".into()),
        HandScheduled(s) => (
            format!("schedulerName \u{201c}{s}\u{201d}: no scheduler runs under that name, so this pod waits for you to place it."),
            format!("schedulerName \u{201c}{s}\u{201d}: 이 이름의 스케줄러가 없으므로, 여러분이 직접 배치할 때까지 기다립니다."),
        ),
        Fits => ("fits here".into(), "배치 가능".into()),
        CannotTake(r) => (format!("cannot take it: {r}"), format!("배치 불가: {r}")),
        Refused(r) => (format!("Refused: {r}"), format!("거절됨: {r}")),
        Carrying(p) => (format!("Moving {p}: choose a node"), format!("{p} 옮기는 중: 노드를 고르세요")),
        Cancel => ("Cancel".into(), "취소".into()),
        PickUpLabel(p) => (
            format!("Pending pod {p}. Press Enter to pick it up."),
            format!("대기 중인 파드 {p}. Enter를 눌러 집어 드세요."),
        ),
        DropLabel(n) => (format!("Node {n}"), format!("노드 {n}")),
        AnnouncePickedUp(p) => (
            format!("Picked up {p}. Arrow keys or Tab choose a node, Enter places it, Escape cancels."),
            format!("{p} 파드를 집었습니다. 화살표 키나 Tab으로 노드를 고르고, Enter로 놓고, Esc로 취소합니다."),
        ),
        AnnounceTarget(n, verdict) => (format!("Node {n}: {verdict}"), format!("노드 {n}: {verdict}")),
        AnnounceBound(p, n) => (format!("Placed {p} on {n}."), format!("{p} 파드를 {n} 노드에 배치했습니다.")),
        AnnounceRefused(p, n, r) => (
            format!("{n} refused {p}: {r}. Nothing changed."),
            format!("{n} 노드가 {p} 파드를 거절했습니다: {r}. 아무것도 바뀌지 않았습니다."),
        ),
        AnnounceCancelled => ("Cancelled; nothing changed.".into(), "취소했습니다. 아무것도 바뀌지 않았습니다.".into()),
        AnnounceKilledPod(p) => (format!("Killed pod {p}."), format!("{p} 파드를 종료했습니다.")),
        AnnounceKilledNode(n) => (format!("Switched off node {n}."), format!("{n} 노드의 전원을 껐습니다.")),
        AnnounceError(e) => (format!("Refused: {e}"), format!("거절됨: {e}")),
        Workloads => ("Workloads".into(), "워크로드".into()),
        NoEventsAbout => ("No events about this object yet.".into(), "이 오브젝트에 관한 이벤트가 아직 없습니다.".into()),
        CloseInspector => ("Close details".into(), "상세 정보 닫기".into()),
        ObjectGone => ("This object no longer exists.".into(), "이 오브젝트는 더 이상 없습니다.".into()),
        ShowDetails(o) => (format!("Show details of {o}"), format!("{o} 상세 정보 보기")),
        ReadyOf(r, d) => (format!("{r}/{d} ready"), format!("{r}/{d} 준비됨")),
        Endpoints(s, n) => (
            format!("Service {s}: {n} endpoint{}", if n == 1 { "" } else { "s" }),
            format!("서비스 {s}: 엔드포인트 {n}개"),
        ),
        Details => ("Details".into(), "상세".into()),
        Scheduling => ("Scheduler's reasoning".into(), "스케줄러의 판단".into()),
        SchedAttempt(ago) => (format!("Latest scheduling attempt, {ago} ago"), format!("최근 스케줄링 시도: {ago} 전")),
        SchedChose(n) => (format!("Chose {n}: the highest total score."), format!("{n} 노드 선택: 총점이 가장 높습니다.")),
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
            format!("Placed on {n} by hand: a binding, not the scheduler's choice."),
            format!("{n} 노드에 직접 배치했습니다: 스케줄러가 아닌 바인딩입니다."),
        ),
        ColNode => ("Node".into(), "노드".into()),
        ColVerdict => ("Filters".into(), "필터".into()),
        ColTotal => ("Total".into(), "총점".into()),
        Passed => ("passed".into(), "통과".into()),
        RefusedBy(p) => (format!("refused by {p}:"), format!("{p} 필터가 거절:")),
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
            format!("{d} desired · {u} updated · {r} ready · {a} available"),
            format!("목표 {d} · 최신 {u} · 준비 {r} · 사용 가능 {a}"),
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
            format!("{rps} requests/s: {served} served, {errors} failing (no ready endpoint)"),
            format!("초당 {rps} 요청: {served} 처리, {errors} 실패 (준비된 엔드포인트 없음)"),
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
        RemoveTaint(t) => (format!("Remove taint {t}"), format!("테인트 {t} 제거")),
        Remove => ("Remove".into(), "제거".into()),
        ScaleDownLabel => ("Scale down by one".into(), "하나 줄이기".into()),
        ScaleUpLabel => ("Scale up by one".into(), "하나 늘리기".into()),
        ReplicasInput => ("Desired replicas".into(), "목표 레플리카 수".into()),
        Apply => ("Set".into(), "적용".into()),
        SetImage => ("Set image".into(), "이미지 변경".into()),
        ImageOf(c) => (format!("Image of container {c}"), format!("{c} 컨테이너 이미지")),
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
        LoadSlider(s) => (format!("Requests per second to Service {s}"), format!("서비스 {s}로 가는 초당 요청 수")),
        Rps(n) => (format!("{n} requests/s"), format!("초당 {n} 요청")),
        AnnounceDone(what) => (format!("Done: {what}"), format!("완료: {what}")),
        DoneReadiness(d) => (format!("Readiness of {d} now fails."), format!("{d}의 준비 프로브가 이제 실패합니다.")),
        DoneLiveness(d) => (format!("Liveness of {d} now fails."), format!("{d}의 활성 프로브가 이제 실패합니다.")),
        DoneLeak(d) => (format!("{d} now leaks memory past its limit."), format!("{d}가 이제 메모리 제한을 넘도록 누수됩니다.")),
        DoneMend(d) => (format!("{d} is healthy again."), format!("{d}가 다시 정상입니다.")),
        DoneTraffic(s, n) => (format!("Service {s}: {n} requests/s."), format!("서비스 {s}: 초당 {n} 요청.")),
    };
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
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
}
