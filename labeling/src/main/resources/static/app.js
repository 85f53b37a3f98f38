// Ranking board: drag an output's chip into a rank bucket (equal rank = tie). The rank
// <select> of each output is the form's real field; the board only sets it, so the page
// also works with the keyboard, with the selects alone, and without JavaScript.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const board = document.getElementById('board');
  if (!board) return;
  const selectOf = id => document.querySelector(`select.rank-select[data-candidate="${id}"]`);
  const chipOf = id => board.querySelector(`.chip[data-candidate="${id}"]`);
  const bucketOf = rank => board.querySelector(`.bucket[data-rank="${rank}"]`) || board.querySelector('.bucket[data-rank=""]');
  const place = (id, rank) => {
    const chip = chipOf(id);
    const bucket = bucketOf(rank);
    if (chip && bucket) bucket.appendChild(chip);
    const select = selectOf(id);
    if (select && select.value !== rank) select.value = rank;
  };

  board.querySelectorAll('.chip').forEach(chip => {
    chip.addEventListener('dragstart', e => {
      e.dataTransfer.setData('text/plain', chip.dataset.candidate);
      e.dataTransfer.effectAllowed = 'move';
      chip.classList.add('dragging');
    });
    chip.addEventListener('dragend', () => chip.classList.remove('dragging'));
    chip.addEventListener('keydown', e => {
      const buckets = board.querySelectorAll('.bucket').length - 1;
      if (e.key === '0') { place(chip.dataset.candidate, ''); chip.focus(); e.preventDefault(); }
      else if (/^[1-9]$/.test(e.key) && Number(e.key) <= buckets) { place(chip.dataset.candidate, e.key); chip.focus(); e.preventDefault(); }
    });
  });
  board.querySelectorAll('.bucket').forEach(bucket => {
    bucket.addEventListener('dragover', e => { e.preventDefault(); bucket.classList.add('over'); });
    bucket.addEventListener('dragleave', () => bucket.classList.remove('over'));
    bucket.addEventListener('drop', e => {
      e.preventDefault();
      bucket.classList.remove('over');
      const id = e.dataTransfer.getData('text/plain');
      if (id) place(id, bucket.dataset.rank);
    });
  });
  document.querySelectorAll('select.rank-select').forEach(select => {
    select.addEventListener('change', () => place(select.dataset.candidate, select.value));
  });
});

// Admin page: while a generation run is going on, poll its progress every two seconds.
document.addEventListener('DOMContentLoaded', () => {
  const box = document.getElementById('generation');
  if (!box || box.dataset.state !== 'running') return;
  const set = (cls, value) => { const el = box.querySelector('.' + cls); if (el) el.textContent = String(value); };
  const timer = setInterval(async () => {
    const response = await fetch('/admin/generation', {credentials: 'same-origin'});
    if (!response.ok) return;
    const s = await response.json();
    ['state', 'done', 'total', 'generated', 'skipped', 'empty'].forEach(k => set(k, s[k]));
    box.querySelector('progress').value = s.total > 0 ? Math.floor(100 * s.done / s.total) : 0;
    if (s.state === 'running') return;
    clearInterval(timer);
    box.dataset.state = s.state;
    if (s.error) { const e = box.querySelector('.error'); e.textContent = s.error; e.hidden = false; }
    if (s.state === 'finished') set('state', 'finished (reload the page to see the outputs)');
  }, 2000);
});
