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
    // --- visuals: charts, workloads, services, autoscaling, nodes ---
    Charts,
    ChartsWindow(u64),
    ChartCpu,
    ChartReplicas,
    ChartPending,
    ChartTraffic,
    Rps,
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
    NoTraffic,
    NoEndpoints,
    NoAddressYet(usize),
    Autoscaling,
    UtilizationOf(&'a str, Option<i64>, i64),
    ReplicasRange(i64, i64, i64),
    NextSync(&'a str),
    LastDecision(&'a str),
    WithinTolerance(i64),
    LimitedTo(i64),
    ScaledFromTo(i64, i64),
    NoDecisionYet,
    ClusterAutoscaler,
    GroupSize(usize, usize, usize),
    Booting(usize),
    LastScaleUp(&'a str, usize),
    RequestedUsed(&'a str, &'a str, &'a str),
    Zone(&'a str),
    Taint,
    Leaving,
    BootingNode,
    JoinsIn(&'a str, &'a str),
    CompactNote,
    Restarts(i64),
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
        Charts => ("Over time".into(), "시간에 따른 변화".into()),
        ChartsWindow(s) => (format!("last {s} s of virtual time"), format!("가상 시간 최근 {s}초")),
        ChartCpu => ("CPU used / requested".into(), "CPU 사용량 / 요청량".into()),
        ChartReplicas => ("Deployment pods".into(), "디플로이먼트 파드 수".into()),
        ChartPending => ("Pending pods".into(), "대기 중인 파드".into()),
        ChartTraffic => ("Requests per second".into(), "초당 요청".into()),
        Rps => ("requests".into(), "요청".into()),
        ErrorsPerSecond => ("errors".into(), "오류".into()),
        NewReplicaSet => ("new".into(), "새".into()),
        OldReplicaSet => ("old".into(), "이전".into()),
        Desired => ("desired".into(), "의도".into()),
        Current => ("current".into(), "현재".into()),
        ReadyWord => ("ready".into(), "준비".into()),
        Available => ("available".into(), "가용".into()),
        SurgeBudget(s, max) => (
            format!("max surge {s}: at most {max} pods"),
            format!("maxSurge {s}: 파드는 최대 {max}개"),
        ),
        UnavailableBudget(u, min) => (
            format!("max unavailable {u}: at least {min} available"),
            format!("maxUnavailable {u}: 최소 {min}개는 가용"),
        ),
        RollingOut => ("rolling out".into(), "롤아웃 중".into()),
        DaemonSetCounts(r, d) => (format!("{r}/{d} ready, one per node"), format!("{r}/{d} 준비됨, 노드마다 하나")),
        JobCompletions(s, c, a, f) => (
            format!("{s}/{c} completions · {a} active · {f} failed"),
            format!("완료 {s}/{c} · 실행 중 {a} · 실패 {f}"),
        ),
        Suspended => ("suspended".into(), "일시 중지됨".into()),
        NextRun(sched, t) => (format!("{sched} · next run in {t}"), format!("{sched} · 다음 실행까지 {t}")),
        ServicesTitle => ("Services and traffic".into(), "서비스와 트래픽".into()),
        RpsValue(n) => (format!("{n} req/s"), format!("초당 {n}건")),
        NotReadyEndpoint => ("not ready: no traffic".into(), "준비 안 됨: 트래픽 없음".into()),
        ErrorRate(p, n) => (format!("errors {p}% ({n}/s)"), format!("오류 {p}% (초당 {n}건)")),
        NoTraffic => ("no traffic".into(), "트래픽 없음".into()),
        NoEndpoints => ("No pod matches its selector.".into(), "셀렉터에 맞는 파드가 없습니다.".into()),
        NoAddressYet(n) => (
            format!("{n} pod{} match, none has an address yet (still being created).", if n == 1 { "" } else { "s" }),
            format!("파드 {n}개가 맞지만 아직 주소가 없습니다 (생성 중)."),
        ),
        Autoscaling => ("Autoscaling".into(), "오토스케일링".into()),
        UtilizationOf(r, cur, target) => {
            let c = cur.map_or("?".to_string(), |c| format!("{c}%"));
            (format!("{r} {c} of {target}% target"), format!("{r} {c} (목표 {target}%)"))
        }
        ReplicasRange(min, cur, max) => (format!("replicas {cur} (min {min}, max {max})"), format!("레플리카 {cur} (최소 {min}, 최대 {max})")),
        NextSync(t) => (format!("next check in {t}"), format!("다음 확인까지 {t}")),
        LastDecision(ago) => (format!("last decision, {ago} ago:"), format!("마지막 결정 ({ago} 전):")),
        WithinTolerance(n) => (
            format!("within the 10% tolerance: stays at {n}"),
            format!("허용 오차 10% 이내: {n}개 유지"),
        ),
        LimitedTo(n) => (format!("limited to {n} (rate limit, bounds or stabilization)"), format!("{n}개로 제한 (속도 제한, 최소·최대, 안정화)")),
        ScaledFromTo(a, b) => (format!("scaled {a} → {b}"), format!("{a} → {b}개로 조정")),
        NoDecisionYet => ("No decision yet.".into(), "아직 결정이 없습니다.".into()),
        ClusterAutoscaler => ("Cluster Autoscaler".into(), "클러스터 오토스케일러".into()),
        GroupSize(min, cur, max) => (format!("min {min} · {cur} nodes · max {max}"), format!("최소 {min} · 노드 {cur}개 · 최대 {max}")),
        Booting(n) => (format!("{n} booting"), format!("{n}대 부팅 중")),
        LastScaleUp(ago, n) => (
            format!("Last scale-up {ago} ago, for pods that could not be scheduled ({n} still pending):"),
            format!("마지막 확장 {ago} 전, 스케줄할 수 없던 파드 때문 (아직 대기 중 {n}개):"),
        ),
        RequestedUsed(req, used, total) => (format!("req {req} · used {used} / {total}"), format!("요청 {req} · 사용 {used} / {total}")),
        Zone(z) => (format!("zone {z}"), format!("영역 {z}")),
        Taint => ("taint: pods without a matching toleration stay off".into(), "테인트: 맞는 톨러레이션이 없는 파드는 올 수 없음".into()),
        Leaving => ("leaving".into(), "제거 중".into()),
        BootingNode => ("booting".into(), "부팅 중".into()),
        JoinsIn(g, t) => (format!("Node group {g}: joins in {t}"), format!("노드 그룹 {g}: {t} 후 합류")),
        CompactNote => ("large cluster: pods as dots".into(), "큰 클러스터: 파드를 점으로 표시".into()),
        Restarts(n) => (format!("{n} restarts"), format!("재시작 {n}회")),
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
