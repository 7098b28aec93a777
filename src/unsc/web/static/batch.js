// Batch pages, with JavaScript: the job page polls its status and moves the progress bar
// (reloading once the job is done); the upload form refuses a file over the size bound
// before sending it. Without JavaScript the job page refreshes itself (<noscript> meta).
"use strict";
(function () {
  const upload = document.querySelector("form.upload");
  if (upload) {
    upload.addEventListener("submit", (event) => {
      const input = upload.querySelector("input[type=file]");
      const most = Number(upload.dataset.maxBytes || 0);
      const file = input && input.files && input.files[0];
      const error = document.getElementById("upload-error");
      if (file && most && file.size > most) {
        event.preventDefault();
        error.textContent = `${file.name} is ${file.size.toLocaleString()} bytes; at most ` +
          `${most.toLocaleString()} can be uploaded (use unsc screen batch for larger files).`;
        error.hidden = false;
      }
    });
  }
  const job = document.querySelector(".job[data-status]");
  if (!job || !["queued", "running"].includes(job.dataset.state)) return;
  const bar = job.querySelector("progress");
  const text = job.querySelector(".progress-text");
  async function poll() {
    try {
      const response = await fetch(job.dataset.status, { credentials: "same-origin" });
      const s = await response.json();
      if (s.state === "done" || s.state === "failed") { window.location.reload(); return; }
      if (s.state === "queued") {
        text.textContent = "Waiting for another batch to finish…";
      } else if (s.total) {
        bar.max = s.total;
        bar.value = s.done;
        bar.textContent = String(s.done);
        text.textContent = `Screened ${s.done.toLocaleString("en")} of ` +
          `${s.total.toLocaleString("en")} rows…`;
      }
    } catch (err) { /* try again */ }
    setTimeout(poll, 300);
  }
  setTimeout(poll, 300);
})();
