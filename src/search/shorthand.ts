/**
 * Chat shorthand and everyday abbreviations members type in questions, and what they stand for.
 * Every corpus gets this table (a corpus's own words go in its `synonyms.json`).
 *
 * Source: a selection from Wiktionary's "Appendix:English internet slang" and its categories
 * "English internet slang" and "English abbreviations" (CC BY-SA), kept to entries that occur in
 * questions (what a word stands for), general language only — no word of any corpus or question
 * set. Reactions and sign-offs that carry no subject ("lol", "tbh", "pls") stand for nothing: they
 * are dropped from a question like a stop word.
 */

/** Shorthand (lower case, as typed) → what it stands for; `''` for words that carry no subject. */
export const CHAT_SHORTHAND: Readonly<Record<string, string>> = {
  // Fillers and reactions: how something is asked, not what it is about.
  lol: '', lmao: '', rofl: '', omg: '', pls: '', plz: '', plox: '', thx: '', thnx: '', tks: '', ty: '', tysm: '',
  tbh: '', tbf: '', imo: '', imho: '', btw: '', fyi: '', afaik: '', iirc: '', idk: '', idc: '', ikr: '', nvm: '',
  smh: '', fwiw: '', ngl: '', jk: '', np: '', ok: '', okay: '', k: '', kk: '', ya: '', yea: '', yeah: '', yep: '',
  yup: '', nah: '', nope: '', hey: '', hi: '', hello: '', sup: '', yo: '', hmm: '', um: '', uh: '', ppl: 'people',
  ppls: 'people', sth: 'something', smth: 'something', sb: 'somebody', sby: 'somebody', ne1: 'anyone',
  any1: 'anyone', u: '', ur: '', da: '', im: '', ive: '', wat: '', wut: '', wot: '', wen: '', wer: '',
  // Words shortened in chat.
  bc: 'because', bcz: 'because', cuz: 'because', coz: 'because', cos: 'because', b4: 'before', abt: 'about',
  thru: 'through', tho: 'though', rn: 'right now', atm: 'at the moment', asap: 'as soon as possible',
  tmrw: 'tomorrow', tmr: 'tomorrow', tmw: 'tomorrow', '2moro': 'tomorrow', '2day': 'today', '2nite': 'tonight',
  tonite: 'tonight', l8r: 'later', l8: 'late', gr8: 'great', msg: 'message', msgs: 'messages', txt: 'text',
  pic: 'picture', pics: 'pictures', vid: 'video', vids: 'videos', convo: 'conversation', convos: 'conversations',
  info: 'information', diff: 'difference', prob: 'problem', probs: 'problems', defo: 'definitely', obv: 'obviously',
  obvs: 'obviously', srsly: 'seriously', rly: 'really', prolly: 'probably', esp: 'especially',
  approx: 'approximately', chk: 'check', w: '', max: 'maximum', mins: 'minutes', secs: 'seconds', sec: 'second',
  hr: 'hour', hrs: 'hours',
  wk: 'week', wks: 'weeks', yr: 'year', yrs: 'years', etc: '', eg: 'for example', ie: 'that is', vs: 'versus',
  w8: 'wait', gonna: '', wanna: '', gotta: '', dunno: '', lemme: '', gimme: '', kinda: '', sorta: '', yall: '',
  // Chat, games and community servers.
  dm: 'direct message', dms: 'direct messages', pm: 'private message', pms: 'private messages', mod: 'moderator',
  mods: 'moderators', admin: 'administrator', admins: 'administrators', irl: 'in real life',
  afk: 'away from keyboard', brb: 'be right back', gg: 'good game', ggs: 'good games', gl: 'good luck',
  hf: 'have fun', noob: 'beginner', n00b: 'beginner', newb: 'beginner', newbie: 'beginner', vc: 'voice chat',
  pfp: 'profile picture', nsfw: 'not safe for work', sfw: 'safe for work', tldr: 'summary',
  faq: 'frequently asked questions', faqs: 'frequently asked questions', ama: 'ask me anything',
  eli5: 'explain simply', lfg: 'looking for group', ign: 'in game name', mic: 'microphone', cam: 'camera',
  acc: 'account', acct: 'account', accs: 'accounts', pw: 'password', pwd: 'password', addr: 'address',
  // Everyday and technical abbreviations.
  app: 'application', apps: 'applications', config: 'configuration', configs: 'configurations', env: 'environment',
  docs: 'documentation', doc: 'document', repo: 'repository', repos: 'repositories', dev: 'developer',
  devs: 'developers', prod: 'production', auth: 'authentication', db: 'database', dbs: 'databases', dir: 'directory',
  dirs: 'directories', pkg: 'package', pkgs: 'packages', lib: 'library', libs: 'libraries', req: 'request',
  reqs: 'requirements', err: 'error', errs: 'errors', var: 'variable', vars: 'variables', param: 'parameter',
  params: 'parameters', arg: 'argument', args: 'arguments', func: 'function', fn: 'function', perf: 'performance',
  pc: 'computer', govt: 'government', dept: 'department', org: 'organization', orgs: 'organizations',
  tech: 'technology', uni: 'university', appt: 'appointment', qty: 'quantity', num: 'number', nums: 'numbers',
  avg: 'average', ppt: 'presentation', bday: 'birthday', hw: 'homework', asst: 'assistant', mgr: 'manager',
  mgmt: 'management', misc: 'miscellaneous',
};

/**
 * What a shorthand word stands for: words to look for, `''` for a word that carries no subject, or
 * `undefined` when it is no shorthand. Only for words the corpus does not use as they are.
 *
 * @example
 * expandShorthand('dm') // 'direct message'
 */
export function expandShorthand(norm: string): string | undefined {
  return Object.hasOwn(CHAT_SHORTHAND, norm) ? CHAT_SHORTHAND[norm] : undefined;
}
