  /* ---------------- player ---------------- */

  renderers.player = function (node, scope) {
    var track = resolve(node.track, scope);
    if (track === undefined || track === null) return el("p", { class: "sv-notice", text: text(node.empty, scope), "data-testid": "player-empty" });
    var duration = Number(resolve(node.duration, scope)) || 0;
    var saved = model.state.player;
    var player;
    if (saved && saved.track === track) {
      var elapsed = saved.playing ? (Date.now() - saved.at) / 1000 : 0;
      player = { track: track, playing: saved.playing, position: Math.min(duration, saved.position + elapsed), at: Date.now() };
    } else {
      player = { track: track, playing: true, position: Number(resolve(node.position, scope)) || 0, at: Date.now() };
    }
    if (player.position >= duration) player.playing = false;
    var title = text(node.title, scope);
    var fill = el("div", { class: "sv-progress-fill" });
    var bar = el("div", { class: "sv-progress", role: "progressbar", "aria-label": "Progress", "aria-valuemin": 0,
      "aria-valuemax": Math.round(duration), "data-testid": "player-progress" }, [fill]);
    var elapsedLabel = el("span", { "data-testid": "player-position" });
    var toggle = el("button", { type: "button", class: "sv-button sv-primary", "data-testid": "player-toggle" });
    var section = el("section", { class: "sv-player", "aria-label": "Player", "data-testid": "player" }, [
      image(node.image ? text(node.image, scope) : "", title),
      el("div", { class: "sv-player-meta" }, [
        el("h3", { text: title, "data-testid": "player-title" }),
        node.subtitle ? el("p", { class: "sv-muted", text: text(node.subtitle, scope), "data-testid": "player-subtitle" }) : null
      ]),
      el("div", { class: "sv-player-progress" }, [bar, el("div", { class: "sv-times" }, [elapsedLabel, el("span", { text: formatDuration(duration) })])])
    ]);
    var actions = el("div", { class: "sv-actions" }, [toggle]);
    (node.controls || []).forEach(function (control) {
      var button = renderButton(control, scope, null);
      if (button) actions.appendChild(button);
    });
    section.appendChild(actions);
    var paint = function () {
      var pos = Math.floor(player.position);
      fill.style.width = (duration ? Math.min(100, (player.position / duration) * 100) : 0) + "%";
      bar.setAttribute("aria-valuenow", String(pos));
      bar.setAttribute("aria-valuetext", formatDuration(pos) + " of " + formatDuration(duration));
      elapsedLabel.textContent = formatDuration(pos);
      toggle.textContent = player.playing ? "Pause" : "Play";
      toggle.setAttribute("aria-pressed", player.playing ? "true" : "false");
      section.setAttribute("data-playing", player.playing ? "true" : "false");
    };
    var remember = function () {
      model.state.player = { track: player.track, playing: player.playing, position: player.position, at: Date.now() };
      saveState();
    };
    toggle.addEventListener("click", function () {
      if (!player.playing && player.position >= duration) player.position = 0;
      player.playing = !player.playing;
      player.at = Date.now();
      remember();
      paint();
    });
    model.players.push(function (now) {
      if (!player.playing || !section.isConnected) return;
      player.position = Math.min(duration, player.position + (now - player.at) / 1000);
      player.at = now;
      if (player.position >= duration) {
        player.playing = false;
        remember();
      }
      paint();
    });
    paint();
    remember();
    return section;
  };

  setInterval(function () {
    var now = Date.now();
    model.players.forEach(function (tick) {
      tick(now);
    });
  }, 1000);

