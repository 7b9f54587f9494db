// Two minutes before an idle sign-in ends (ics_commissioning/sessions.py), show the warning in
// base.html; "Stay signed in" keeps the session. The server says how long is left, so activity in
// another tab counts; once it has ended, reloading shows the sign-in page and why.
const banner = document.querySelector("[data-session-warning]");

if (banner) {
  const form = banner.querySelector("form");
  const minutes = banner.querySelector("[data-session-minutes]");
  const warnBefore = Number(banner.dataset.warnBefore);
  let timer;

  // Seconds left; 0 once signed out (the server redirects to sign in); null if it cannot be asked.
  const ask = (options) =>
    fetch(form.action, { redirect: "manual", credentials: "same-origin", ...options })
      .then((response) => (response.ok ? response.json().then((body) => body.seconds_left) : 0))
      .catch(() => null);

  const check = () => ask({ method: "GET" }).then(schedule);

  function schedule(left) {
    clearTimeout(timer);
    if (left === null) {
      timer = setTimeout(check, 30 * 1000);
    } else if (left <= 0) {
      window.location.reload();
    } else if (left > warnBefore) {
      banner.hidden = true;
      timer = setTimeout(check, (left - warnBefore) * 1000);
    } else {
      const count = Math.max(1, Math.round(left / 60));
      minutes.textContent = `${count} ${count === 1 ? "minute" : "minutes"}`;
      banner.hidden = false;
      timer = setTimeout(check, (left + 1) * 1000);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask({ method: "POST", body: new FormData(form) }).then(schedule);
  });
  schedule(Number(banner.dataset.idleTimeout));
}
