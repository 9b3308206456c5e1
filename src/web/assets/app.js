// Enhancements only: every form works without this script.
// 1. On the viewing form, the cameras, deciders and requests follow the chosen site.
// 2. A live hint says when the entry will be late (R5) and by how many minutes.
(() => {
  const form = document.querySelector('form[data-viewing-form]');
  if (!form) return;

  const site = form.querySelector('#siteId');
  const followSite = () => {
    if (site?.tagName !== 'SELECT') return;
    for (const el of form.querySelectorAll('[data-site]')) {
      const shown = el.getAttribute('data-site') === site.value;
      el.hidden = !shown;
      if (!shown && el.matches('option') && el.selected) el.selected = false;
      if (!shown) for (const box of el.querySelectorAll('input[type=checkbox]')) box.checked = false;
    }
  };
  site?.addEventListener('change', followSite);
  followSite();

  const viewedAt = form.querySelector('#viewedAt');
  const hint = form.querySelector('#late-hint');
  const limit = Number(form.getAttribute('data-late-minutes'));
  const template = hint?.getAttribute('data-template') ?? '';
  const pattern = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\D+(\d{1,2})[.:](\d{2})$/;
  const updateHint = () => {
    if (!viewedAt || !hint) return;
    const m = pattern.exec(viewedAt.value.trim().replace(/\s*(klo|kl\.)\s*/i, ' '));
    if (!m) {
      hint.hidden = true;
      return;
    }
    // The browser's clock and zone: in the libraries that is Finnish time, which is enough for a hint.
    const at = new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4]), Number(m[5]));
    const late = Math.ceil((Date.now() - at.getTime()) / 60000 - limit);
    hint.hidden = !(late > 0);
    if (late > 0) hint.textContent = template.replace('{minutes}', String(late));
    // R5: the reason for a delay is asked for only when the entry will be late.
    for (const row of form.querySelectorAll('[data-late-only]')) {
      row.hidden = !(late > 0) && row.querySelector('[aria-invalid=true]') === null;
    }
  };
  viewedAt?.addEventListener('input', updateHint);
  updateHint();
})();

// 3. A camera-system log upload shows its progress: sent by XMLHttpRequest (fetch reports no
//    upload progress), with a progress bar and a live region. The server answers such a
//    request with the report's address instead of a redirect (a redirect followed by a
//    script may be upgraded to https by the page's security policy); a refused upload comes
//    back as the page to show. Without this script the same form posts normally.
(() => {
  const form = document.querySelector('form[data-upload-form]');
  const box = form?.querySelector('[data-upload-progress]');
  if (!form || !box || !window.FormData) return;
  const bar = box.querySelector('progress');
  const status = box.querySelector('[role=status]');
  const button = form.querySelector('button[type=submit]');
  const say = (text) => {
    if (status) status.textContent = text;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button) button.disabled = true;
    box.hidden = false;
    const template = status?.getAttribute('data-template') ?? '{percent} %';
    let announced = -1;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('x-upload-progress', '1');
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.floor((e.loaded / e.total) * 100);
      if (bar) bar.value = percent;
      // A screen reader hears every tenth percent, not every event.
      if (percent - announced >= 10 || percent === 100) {
        announced = percent;
        say(template.replace('{percent}', String(percent)));
      }
    });
    xhr.upload.addEventListener('load', () => say(status?.getAttribute('data-done') ?? ''));
    xhr.addEventListener('load', () => {
      const next = xhr.getResponseHeader('location');
      if (xhr.status === 201 && next) {
        window.location.assign(next);
        return;
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    // Nothing is sent again by itself: the person sees the failure and may try again.
    xhr.addEventListener('error', () => {
      say(status?.getAttribute('data-failed') ?? '');
      if (button) button.disabled = false;
    });
    xhr.send(new FormData(form));
  });
})();
