// The sign-off link is /sign-off/#<code>: the code after "#" never reaches a server, so no
// log or Referer holds it. Take it out of the address bar and hand it over by POST.
const form = document.querySelector("[data-sign-off-open]");
const code = decodeURIComponent(window.location.hash.slice(1));
if (form && code) {
  window.history.replaceState(null, "", window.location.pathname);
  form.querySelector("[name=code]").value = code;
  form.submit();
}
