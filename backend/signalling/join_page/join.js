// The patient's side of a teleconsultation: device check, consent, waiting room, call.
//
// The link is /join/<appointment id>#<token>: the token stays in the fragment (never
// sent to a server, never logged) and goes to the signalling room in the first message.
// The practitioner's workstation makes the offers (also to restart ICE after a network
// change); this page answers once its ICE candidates are gathered, so no trickle is
// needed on either side. window.cabinetState says where the page is, for support and
// for the tests that drive it.
"use strict";

(function () {
  const state = { phase: "check", error: "", audioOnly: false, admitted: false, reconnects: 0 };
  window.cabinetState = state;

  const $ = (id) => document.getElementById(id);
  const appointmentId = decodeURIComponent(location.pathname.split("/").pop() || "");
  const token = location.hash.slice(1);
  let local = null;
  let pc = null;
  let socket = null;
  let retryMs = 1000;
  let iceServers = [];
  let audioContext = null;
  let ended = false;

  function say(text) { $("status").textContent = text; }

  function fail(text) {
    state.phase = "error";
    state.error = text;
    $("error").textContent = text;
    $("error").hidden = false;
  }

  function clearError() { $("error").hidden = true; state.error = ""; }

  async function openDevices(withVideo) {
    try {
      local = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true },
        video: withVideo ? { width: { ideal: 1280 }, height: { ideal: 720 } } : false,
      });
    } catch (err) {
      local = null;
      if (withVideo) {
        fail("Votre caméra ou votre micro n'est pas disponible. Autorisez-les dans votre " +
             "navigateur, ou continuez en audio seul.");
        $("audio-only-start").hidden = false;
      } else {
        fail("Votre micro n'est pas disponible : autorisez-le dans votre navigateur, puis " +
             "rechargez la page.");
      }
      return false;
    }
    state.audioOnly = !withVideo;
    $("preview").srcObject = local;
    $("self").srcObject = local;
    watchLevel(local);
    say(withVideo ? "Vérifiez votre image et votre micro, puis rejoignez la salle d'attente."
                  : "Audio seul : vérifiez votre micro, puis rejoignez la salle d'attente.");
    return true;
  }

  function watchLevel(stream) {
    const AudioCtx = window.AudioContext || window.webkitAudioContext;
    if (!AudioCtx || stream.getAudioTracks().length === 0) return;
    const ctx = new AudioCtx();
    audioContext = ctx;
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    const tick = () => {
      analyser.getByteTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
      state.micLevel = peak / 128;
      $("level").style.width = Math.min(100, Math.round(peak / 128 * 300)) + "%";
      if (!ended) requestAnimationFrame(tick);
    };
    tick();
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(scheme + "//" + location.host + "/signalling/" +
                           encodeURIComponent(appointmentId));
    socket.onopen = () => {
      retryMs = 1000;
      clearError();
      send({ type: "join", token: token });
    };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      handle(message).catch((err) => fail("Un problème est survenu pendant l'appel : " + err));
    };
    socket.onclose = (event) => {
      if (ended) return;
      if (event.code === 4401) {
        fail("Ce lien n'est plus valable (expiré ou modifié). Demandez un nouveau lien à " +
             "votre cabinet.");
        return;
      }
      if (event.code === 4409) return; // this page was opened again elsewhere
      state.reconnects += 1;
      fail("La connexion est perdue. Nouvelle tentative dans " + Math.round(retryMs / 1000) +
           " s…");
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    };
  }

  async function handle(message) {
    switch (message.type) {
      case "welcome":
        iceServers = Array.isArray(message.iceServers) ? message.iceServers : [];
        state.iceServers = iceServers;
        // falls through: the welcome carries the room's state too
      case "room":
        // After a hang-up the page keeps saying so; the practitioner may still let the
        // patient in again (a call ended by mistake).
        if (!state.admitted && state.phase !== "ended") {
          state.phase = "waiting";
          say(message.room && message.room.practitioner
            ? "Vous êtes dans la salle d'attente : votre médecin va vous faire entrer."
            : "Vous êtes dans la salle d'attente : votre médecin n'est pas encore connecté.");
        }
        break;
      case "admitted":
        state.admitted = true;
        state.phase = "in-call";
        say("Votre médecin vous a fait entrer. Connexion de la vidéo…");
        $("check").hidden = true;
        $("call").hidden = false;
        break;
      case "offer":
        await answer(message.sdp);
        break;
      case "mode":
        if (message.both_ways) {
          // The practitioner asks for sound only (or gives video back): our camera follows.
          setAudioOnly(message.audio_only);
          say(message.audio_only
            ? "Votre médecin est passé en audio seul : votre caméra est coupée aussi."
            : "Vidéo rétablie.");
        } else {
          say(message.audio_only
            ? "Votre médecin a coupé sa caméra."
            : "La caméra de votre médecin est rétablie.");
        }
        break;
      case "hangup":
        closeCall();
        state.admitted = false;
        state.phase = "ended";
        say("Votre médecin a terminé la consultation. Vous pouvez fermer cette page.");
        break;
      case "error":
        break; // a message of ours refused: the page goes on
    }
  }

  function newPeer() {
    const peer = new RTCPeerConnection({ iceServers: iceServers });
    for (const track of local ? local.getTracks() : []) peer.addTrack(track, local);
    peer.ontrack = (event) => {
      $("remote").srcObject = event.streams[0] || new MediaStream([event.track]);
    };
    peer.onconnectionstatechange = () => {
      state.connection = peer.connectionState;
      if (peer.connectionState === "connected") say("Vous êtes en consultation.");
      if (peer.connectionState === "failed" || peer.connectionState === "disconnected") {
        say("La connexion vidéo est interrompue : reprise en cours…");
      }
    };
    return peer;
  }

  async function answer(sdp) {
    // Every offer starts a new connection: the practitioner's side (aiortc) has no ICE
    // restart, so after a network change or a reload it offers afresh, with new keys.
    closeCall();
    pc = newPeer();
    await pc.setRemoteDescription({ type: "offer", sdp: sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc, 3000);
    send({ type: "answer", sdp: pc.localDescription.sdp });
  }

  function gathered(peer, timeoutMs) {
    if (peer.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (peer.iceGatheringState === "complete") { clearTimeout(timer); resolve(); }
      };
      const timer = setTimeout(resolve, timeoutMs);
      peer.addEventListener("icegatheringstatechange", done);
    });
  }

  function closeCall() {
    if (pc) { pc.close(); pc = null; }
    $("remote").srcObject = null;
  }

  // Safari and Chrome start an AudioContext suspended until the user acts on the page:
  // the meter moves from the first click on.
  document.addEventListener("click", () => {
    if (audioContext && audioContext.state === "suspended") audioContext.resume();
  });
  $("consent").addEventListener("change", () => {
    $("join").disabled = !($("consent").checked && local);
  });
  $("join").addEventListener("click", () => {
    $("join").disabled = true;
    say("Connexion à la salle d'attente…");
    connect();
  });
  $("audio-only-start").addEventListener("click", async () => {
    clearError();
    $("audio-only-start").hidden = true;
    if (await openDevices(false)) $("join").disabled = !$("consent").checked;
  });
  function setAudioOnly(audioOnly) {
    state.audioOnly = audioOnly;
    for (const track of local ? local.getVideoTracks() : []) track.enabled = !audioOnly;
    $("audio-only").textContent = audioOnly ? "Rétablir la vidéo" : "Passer en audio seul";
    send({ type: "mode", audio_only: audioOnly });
  }
  $("audio-only").addEventListener("click", () => setAudioOnly(!state.audioOnly));
  $("hangup").addEventListener("click", () => {
    send({ type: "hangup" });
    ended = true;
    closeCall();
    if (local) for (const track of local.getTracks()) track.stop();
    state.phase = "ended";
    say("Vous avez raccroché. Vous pouvez fermer cette page.");
    if (socket) socket.close(1000);
  });

  // What the tests (and a support person) read: frames decoded from the practitioner.
  window.cabinetStats = async function () {
    if (!pc) return null;
    const out = { video: null, audio: null };
    const stats = await pc.getStats();
    stats.forEach((report) => {
      if (report.type === "candidate-pair" && report.nominated && report.state === "succeeded") {
        const remote = stats.get(report.remoteCandidateId);
        const own = stats.get(report.localCandidateId);
        out.route = { remote: remote && remote.candidateType, local: own && own.candidateType,
                      remotePort: remote && remote.port };
      }
      if (report.type === "inbound-rtp" && report.kind === "video") {
        out.video = { framesDecoded: report.framesDecoded || 0, width: report.frameWidth || 0,
                      height: report.frameHeight || 0 };
      }
      if (report.type === "inbound-rtp" && report.kind === "audio") {
        out.audio = { samples: report.totalSamplesReceived || 0,
                      energy: report.totalAudioEnergy || 0 };
      }
    });
    return out;
  };

  if (!appointmentId || !token) {
    fail("Ce lien est incomplet : utilisez le lien reçu de votre cabinet, en entier.");
    say("");
    return;
  }
  if (!navigator.mediaDevices || !window.RTCPeerConnection) {
    fail("Ce navigateur ne permet pas la vidéo. Utilisez une version récente de Chrome, " +
         "Firefox, Safari ou Edge.");
    return;
  }
  openDevices(true);
})();
