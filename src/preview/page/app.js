// The preview page: a Discord-like channel. No framework and no build step — the server renders
// each message to HTML (Discord Markdown included), so this file only wires the composer, the
// buttons, the context menu and the corpus panel to the preview's small JSON API.

const $ = (id) => document.getElementById(id);
const messagesEl = $('messages');
const input = $('input');
const popup = $('popup');
const chip = $('command-chip');
const optionsEl = $('options');
const memberSelect = $('member');
const menu = $('context-menu');

let state = { commands: [], members: [] };
/** The slash command being filled in, or null while typing a plain message. */
let active = null;
/** Popup entries and the highlighted one: { label, detail, pick() }. */
let entries = [];
let highlighted = 0;

async function call(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const value = await response.json();
  if (!response.ok) throw new Error(value.error || `HTTP ${response.status}`);
  return value;
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

function fromHtml(html) {
  const template = document.createElement('template');
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}

function scrollDown() {
  messagesEl.scrollTop = messagesEl.scrollHeight;
}

function apply(outcome) {
  if (outcome.kind === 'failed') {
    notice(outcome.message);
    return;
  }
  if (outcome.kind !== 'messages') return;
  for (const message of outcome.updated) {
    const old = messagesEl.querySelector(`[data-id="${CSS.escape(message.id)}"]`);
    if (old) old.replaceWith(fromHtml(message.html));
  }
  for (const message of outcome.added) messagesEl.append(fromHtml(message.html));
  if (outcome.added.length > 0) scrollDown();
}

function notice(text) {
  const el = fromHtml(
    `<article class="message system"><div class="body"><div class="content">${escapeHtml(text)}</div><div class="ephemeral-note"><span class="eye">👁</span> Only you can see this</div></div></article>`,
  );
  messagesEl.append(el);
  scrollDown();
}

const member = () => memberSelect.value;
const chatCommands = () => state.commands.filter((c) => (c.type ?? 1) === 1);
const messageCommands = () => state.commands.filter((c) => c.type === 3);

// ---- popup (command list, autocomplete choices) ----

function showPopup(title, list) {
  entries = list;
  highlighted = 0;
  if (list.length === 0) {
    popup.hidden = true;
    return;
  }
  popup.innerHTML = `<div class="popup-title">${escapeHtml(title)}</div>${list
    .map(
      (e, i) =>
        `<div class="popup-entry${i === 0 ? ' highlighted' : ''}" role="option" data-index="${i}"><span class="label">${escapeHtml(e.label)}</span>${e.detail ? `<span class="detail">${escapeHtml(e.detail)}</span>` : ''}</div>`,
    )
    .join('')}`;
  popup.hidden = false;
}

function hidePopup() {
  popup.hidden = true;
  entries = [];
}

function highlight(index) {
  if (entries.length === 0) return;
  highlighted = (index + entries.length) % entries.length;
  popup.querySelectorAll('.popup-entry').forEach((el, i) => el.classList.toggle('highlighted', i === highlighted));
}

popup.addEventListener('mousedown', (event) => {
  const el = event.target.closest('.popup-entry');
  if (!el) return;
  event.preventDefault();
  entries[Number(el.dataset.index)]?.pick();
});

// ---- composer ----

function suggestCommands() {
  const match = /^\/(\S*)$/.exec(input.value);
  if (!match) return hidePopup();
  const typed = match[1].toLowerCase();
  showPopup(
    'Commands',
    chatCommands()
      .filter((c) => c.name.startsWith(typed))
      .map((c) => ({ label: `/${c.name}`, detail: c.description, pick: () => startCommand(c) })),
  );
}

function optionField(option) {
  const id = `option-${option.name}`;
  const label = `<label for="${id}" class="option-name">${escapeHtml(option.name)}${option.required ? '<span class="required">*</span>' : ''}</label>`;
  let field;
  if (option.type === 5)
    field = `<select id="${id}" data-option="${escapeHtml(option.name)}"><option value=""></option><option value="true">True</option><option value="false">False</option></select>`;
  else if (option.type === 6)
    field = `<select id="${id}" data-option="${escapeHtml(option.name)}"><option value=""></option>${state.members.map((m) => `<option value="${escapeHtml(m.id)}">${escapeHtml(m.name)}</option>`).join('')}</select>`;
  else if (option.type === 4 || option.type === 10)
    field = `<input id="${id}" data-option="${escapeHtml(option.name)}" type="number"${option.min_value !== undefined ? ` min="${option.min_value}"` : ''}${option.max_value !== undefined ? ` max="${option.max_value}"` : ''}>`;
  else
    field = `<input id="${id}" data-option="${escapeHtml(option.name)}" type="text"${option.max_length ? ` maxlength="${option.max_length}"` : ''}${option.autocomplete ? ' data-autocomplete="true"' : ''} placeholder="${escapeHtml(option.description || '')}">`;
  return `<div class="option" title="${escapeHtml(option.description || '')}">${label}${field}</div>`;
}

function startCommand(command) {
  active = command;
  hidePopup();
  input.value = '';
  input.hidden = true;
  chip.hidden = false;
  chip.innerHTML = `/${escapeHtml(command.name)} <button type="button" class="chip-close" aria-label="Cancel command">×</button>`;
  optionsEl.innerHTML =
    (command.options || []).map(optionField).join('') || '<span class="no-options">Press Enter to send</span>';
  optionsEl.hidden = false;
  (optionsEl.querySelector('[data-option]') || $('send')).focus();
}

function endCommand() {
  active = null;
  chip.hidden = true;
  optionsEl.hidden = true;
  optionsEl.innerHTML = '';
  input.hidden = false;
  hidePopup();
  input.focus();
}

function optionValues() {
  const values = {};
  for (const el of optionsEl.querySelectorAll('[data-option]')) {
    if (el.value === '') continue;
    values[el.dataset.option] = el.dataset.choiceName === el.value ? el.dataset.choiceValue : el.value;
  }
  return values;
}

let autocompleteTimer;
let autocompleteSeq = 0;
function requestChoices(field) {
  clearTimeout(autocompleteTimer);
  autocompleteTimer = setTimeout(async () => {
    const seq = ++autocompleteSeq;
    const command = active;
    if (!command) return;
    const outcome = await call('/api/autocomplete', {
      member: member(),
      name: command.name,
      options: optionValues(),
      focused: field.dataset.option,
    }).catch((error) => ({ kind: 'failed', message: error.message }));
    if (seq !== autocompleteSeq || active !== command || document.activeElement !== field) return;
    if (outcome.kind !== 'choices') return hidePopup();
    showPopup(
      `Options for ${field.dataset.option}`,
      outcome.choices.map((choice) => ({
        label: choice.name,
        pick: () => {
          // As in Discord: the box shows the choice's name, the command receives its value.
          field.value = choice.name;
          field.dataset.choiceName = choice.name;
          field.dataset.choiceValue = String(choice.value);
          hidePopup();
          field.focus();
        },
      })),
    );
  }, 150);
}

optionsEl.addEventListener('input', (event) => {
  if (event.target.dataset?.autocomplete) requestChoices(event.target);
});
optionsEl.addEventListener('focusin', (event) => {
  if (event.target.dataset?.autocomplete) requestChoices(event.target);
  else hidePopup();
});
chip.addEventListener('click', (event) => {
  if (event.target.closest('.chip-close')) endCommand();
});

input.addEventListener('input', suggestCommands);

$('composer').addEventListener('keydown', (event) => {
  if (!popup.hidden && entries.length > 0) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(highlighted + (event.key === 'ArrowDown' ? 1 : -1));
      return;
    }
    if (event.key === 'Tab' || event.key === 'Enter') {
      // As in Discord: Enter or Tab takes the highlighted command or choice; the next Enter sends.
      event.preventDefault();
      entries[highlighted]?.pick();
      return;
    }
  }
  if (event.key === 'Escape') {
    if (!popup.hidden) hidePopup();
    else if (active) endCommand();
  }
  if (
    event.key === 'Backspace' &&
    active &&
    event.target.dataset?.option &&
    event.target.value === '' &&
    event.target === optionsEl.querySelector('[data-option]')
  )
    endCommand();
});

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  hidePopup();
  const send = $('send');
  if (send.disabled) return;
  send.disabled = true;
  try {
    if (active) {
      const command = active;
      const missing = (command.options || []).find((o) => o.required && !optionValues()[o.name]);
      if (missing) {
        notice(`/${command.name} needs ${missing.name}.`);
        return;
      }
      const options = optionValues();
      endCommand();
      apply(await call('/api/command', { member: member(), name: command.name, options }));
    } else {
      const text = input.value;
      if (text.trim() === '') return;
      const command = /^\/(\S+)(?:\s(.*))?$/.exec(text);
      const known = command && chatCommands().find((c) => c.name === command[1]);
      if (known) {
        // "/ask why…" typed in one go: the text fills the first string option.
        const first = (known.options || []).find((o) => o.type === 3);
        input.value = '';
        apply(
          await call('/api/command', {
            member: member(),
            name: known.name,
            options: first && (command[2] ?? '').trim() ? { [first.name]: (command[2] ?? '').trim() } : {},
          }),
        );
        return;
      }
      input.value = '';
      apply(await call('/api/post', { member: member(), text }));
    }
  } catch (error) {
    notice(`The preview could not do that: ${error.message}`);
  } finally {
    send.disabled = false;
    if (!active) input.focus();
  }
});

// ---- messages: buttons, selects, dismiss, context menu ----

messagesEl.addEventListener('click', async (event) => {
  const dismiss = event.target.closest('.dismiss');
  const article = event.target.closest('article.message');
  if (dismiss && article) {
    await call('/api/dismiss', { messageId: article.dataset.id }).catch(() => undefined);
    article.remove();
    return;
  }
  const spoiler = event.target.closest('.spoiler');
  if (spoiler) spoiler.classList.add('revealed');
  const button = event.target.closest('button[data-custom-id]');
  if (!button || !article || button.disabled) return;
  button.disabled = true;
  try {
    apply(
      await call('/api/click', { member: member(), messageId: article.dataset.id, customId: button.dataset.customId }),
    );
  } catch (error) {
    notice(`The preview could not do that: ${error.message}`);
  } finally {
    button.disabled = false;
  }
});

messagesEl.addEventListener('change', async (event) => {
  const select = event.target.closest('select[data-custom-id]');
  const article = event.target.closest('article.message');
  if (!select || !article || select.value === '') return;
  apply(
    await call('/api/click', {
      member: member(),
      messageId: article.dataset.id,
      customId: select.dataset.customId,
      values: [select.value],
    }),
  );
});

messagesEl.addEventListener('contextmenu', (event) => {
  const article = event.target.closest('article.message');
  if (!article || article.classList.contains('system')) return;
  event.preventDefault();
  const commands = messageCommands();
  menu.innerHTML = `<li class="menu-title">Apps</li>${commands.map((c) => `<li role="menuitem" tabindex="-1" data-name="${escapeHtml(c.name)}">${escapeHtml(c.name)}</li>`).join('') || '<li class="menu-empty">No apps</li>'}`;
  menu.dataset.messageId = article.dataset.id;
  menu.style.left = `${Math.min(event.clientX, window.innerWidth - 200)}px`;
  menu.style.top = `${Math.min(event.clientY, window.innerHeight - 120)}px`;
  menu.hidden = false;
});

menu.addEventListener('click', async (event) => {
  const item = event.target.closest('[data-name]');
  if (!item) return;
  menu.hidden = true;
  try {
    apply(
      await call('/api/message-command', {
        member: member(),
        name: item.dataset.name,
        messageId: menu.dataset.messageId,
      }),
    );
  } catch (error) {
    notice(`The preview could not do that: ${error.message}`);
  }
});
document.addEventListener('click', (event) => {
  if (!menu.contains(event.target)) menu.hidden = true;
});

// ---- corpus panel and hot reload ----

function showCorpus(corpus) {
  const time = new Date(corpus.builtAt).toLocaleTimeString();
  $('reload').textContent =
    `${corpus.folder}/ — ${corpus.documents.length} document${corpus.documents.length === 1 ? '' : 's'}, ${corpus.passages} passages, indexed ${time}`;
  $('documents').innerHTML = corpus.documents
    .map(
      (d) =>
        `<li class="document"><details open><summary><span class="title">${escapeHtml(d.title)}</span> <span class="file">${escapeHtml(d.file)} · ${d.passages} passages</span></summary><ol class="outline">${d.outline
          .map(
            (o) =>
              `<li class="depth-${Math.min(o.depth, 5)}${o.passages === 0 ? ' empty' : ''}" title="line ${o.line}, ${o.passages} passages">${escapeHtml(o.heading)}</li>`,
          )
          .join('')}</ol></details></li>`,
    )
    .join('');
  $('problem-count').textContent = corpus.problems.length ? `(${corpus.problems.length})` : '';
  $('problems').innerHTML =
    corpus.problems
      .map(
        (p) =>
          `<li class="${p.severity}"><code>${escapeHtml(p.file)}${p.line ? `:${p.line}` : ''}</code> ${escapeHtml(p.severity)}: ${escapeHtml(p.message)}</li>`,
      )
      .join('') || '<li class="none">None — the documents are ready to go live.</li>';
}

function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 4000);
}

async function start() {
  const response = await fetch('/api/state');
  state = await response.json();
  $('guild-name').textContent = state.guild;
  memberSelect.innerHTML = state.members
    .map((m) => `<option value="${escapeHtml(m.id)}">${escapeHtml(m.name)}</option>`)
    .join('');
  for (const message of state.messages) messagesEl.append(fromHtml(message.html));
  scrollDown();
  showCorpus(state.corpus);
  const events = new EventSource('/api/events');
  events.addEventListener('corpus', async () => {
    const corpus = await (await fetch('/api/corpus')).json();
    showCorpus(corpus);
    toast(
      `Corpus reloaded: ${corpus.documents.length} documents, ${corpus.passages} passages — the next answer uses it.`,
    );
    document.body.dataset.reloads = String(Number(document.body.dataset.reloads || 0) + 1);
  });
  document.body.dataset.ready = 'true';
  input.focus();
}

start().catch((error) => notice(`The preview could not load: ${error.message}`));
