-- End-to-end test of the Sendwell server in real Neovim (0.11, headless), two ways:
--   SENDWELL_NVIM_MODE=raw     vim.lsp.start with a client that offers only UTF-16 positions
--   SENDWELL_NVIM_MODE=plugin  the plugin's own require('sendwell').setup() (Neovim offers UTF-8)
--   SENDWELL_NVIM_MODE=legacy  setup() on the Neovim 0.10 path (vim.lsp.start from a FileType autocmd)
-- Run: nvim --headless -u NONE -i NONE -n -l test_lsp.lua
-- Env: SENDWELL_BIN (server binary), SENDWELL_FIXTURES (copied drafts), SENDWELL_PLUGIN (editors/nvim),
--      SENDWELL_RESULTS (file to append PASS/FAIL lines to).
local MODE = os.getenv('SENDWELL_NVIM_MODE') or 'raw'
local BIN = assert(os.getenv('SENDWELL_BIN'), 'SENDWELL_BIN is not set')
local FIX = assert(os.getenv('SENDWELL_FIXTURES'), 'SENDWELL_FIXTURES is not set')
local PLUGIN = os.getenv('SENDWELL_PLUGIN')
local RESULTS = os.getenv('SENDWELL_RESULTS')
local TIMEOUT = tonumber(os.getenv('SENDWELL_TIMEOUT_MS') or '') or 20000

local passed, failed = 0, 0
local function out(line)
  io.stderr:write(line .. '\n')
  if RESULTS then
    local f = assert(io.open(RESULTS, 'a'))
    f:write(line .. '\n')
    f:close()
  end
end

--- Runs one named check; an error inside fails it with its message.
local function check(name, fn)
  local ok, err = xpcall(fn, function(e)
    return type(e) == 'string' and e or vim.inspect(e)
  end)
  name = ('nvim[%s] %s'):format(MODE, name)
  if ok then
    passed = passed + 1
    out('PASS ' .. name)
  else
    failed = failed + 1
    out('FAIL ' .. name .. ': ' .. tostring(err):gsub('\n', '\n    '))
  end
  return ok
end

local function fail(fmt, ...)
  error(select('#', ...) > 0 and fmt:format(...) or fmt, 0)
end

local function eq(got, want, what)
  if not vim.deep_equal(got, want) then
    fail('%s: expected %s, got %s', what, vim.inspect(want), vim.inspect(got))
  end
end

-- How the server exited and what it printed on stderr (from lsp.log), for failure messages.
local server_exit = nil

local function server_state()
  local s = ''
  if server_exit then s = (' The server exited with code %s.'):format(server_exit) end
  local f = io.open(vim.lsp.get_log_path(), 'r')
  if f then
    local log = f:read('*a')
    f:close()
    if log ~= '' then s = s .. '\n    lsp.log (tail): ' .. log:sub(-800):gsub('\n', '\n    ') end
  end
  return s
end

local function finish()
  pcall(function()
    local clients = vim.lsp.get_clients()
    if #clients > 0 then
      vim.lsp.stop_client(clients)
      vim.wait(2000, function()
        for _, c in ipairs(clients) do
          if not c:is_stopped() then return false end
        end
        return true
      end, 20)
      for _, c in ipairs(clients) do
        if not c:is_stopped() then c:stop(true) end
      end
    end
  end)
  out(('nvim[%s]: %d passed, %d failed'):format(MODE, passed, failed))
  if failed > 0 then vim.cmd('cquit 1') else vim.cmd('qall!') end
end

-- Any unexpected error ends the run as a failure (never a hang).
local function fatal(msg)
  failed = failed + 1
  out(('FAIL nvim[%s] %s'):format(MODE, msg))
  finish()
end

---------------------------------------------------------------------------------------------------
-- Client setup
---------------------------------------------------------------------------------------------------
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. 'F'
vim.cmd('filetype on')

local function on_exit(code)
  if code ~= 0 then server_exit = code end -- a restart's clean exit is not a failure
end

-- Count publishes per URI, to wait for "the server has looked at this version".
local publishes = {}
local orig_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, cfg)
  if result and result.uri then publishes[result.uri] = (publishes[result.uri] or 0) + 1 end
  return orig_publish(err, result, ctx, cfg)
end


if MODE == 'plugin' or MODE == 'legacy' then
  if MODE == 'legacy' then vim.g.sendwell_use_lsp_start = true end
  if not PLUGIN then fatal('SENDWELL_PLUGIN (path of editors/nvim) is not set') end
  vim.opt.rtp:prepend(PLUGIN)
  require('sendwell').setup({
    cmd = { BIN, 'lsp' },
    settings = { allow = { 'Northwind' } },
    client = { on_exit = on_exit },
  })
else
  vim.api.nvim_create_autocmd('FileType', {
    pattern = { 'markdown', 'text' },
    callback = function(ev)
      local caps = vim.lsp.protocol.make_client_capabilities()
      caps.general = caps.general or {}
      caps.general.positionEncodings = { 'utf-16' }
      vim.lsp.start({
        name = 'sendwell',
        cmd = { BIN, 'lsp' },
        root_dir = vim.fs.dirname(vim.api.nvim_buf_get_name(ev.buf)),
        capabilities = caps,
        settings = { sendwell = {} },
        on_exit = on_exit,
      }, { bufnr = ev.buf })
    end,
  })
end

---------------------------------------------------------------------------------------------------
-- Helpers
---------------------------------------------------------------------------------------------------
local function client_for(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'sendwell' })[1]
end

local function sendwell_diags(buf)
  local ds = vim.tbl_filter(function(d)
    return d.source == 'sendwell' or (d.user_data and d.user_data.lsp and d.user_data.lsp.source == 'sendwell')
  end, vim.diagnostic.get(buf))
  table.sort(ds, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return ds
end

local function codes(buf)
  local cs = {}
  for _, d in ipairs(sendwell_diags(buf)) do cs[#cs + 1] = tostring(d.code) end
  return cs
end

local function by_code(buf, code)
  for _, d in ipairs(sendwell_diags(buf)) do
    if d.code == code then return d end
  end
end

local function describe(buf)
  local parts = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    parts[#parts + 1] = ('%s@%d:%d-%d:%d[%s]'):format(tostring(d.code), d.lnum, d.col, d.end_lnum or -1,
      d.end_col or -1, tostring(d.source))
  end
  return #parts > 0 and table.concat(parts, ' ') or '(none)'
end

--- Waits until pred() is true, or fails with `what` and the current diagnostics.
local function wait_for(buf, what, pred, ms)
  vim.wait(ms or TIMEOUT, function() return pred() or server_exit ~= nil end, 10)
  if not pred() then
    local c = client_for(buf)
    fail('timed out after %d ms waiting for %s. Client attached: %s. Diagnostics: %s.%s', ms or TIMEOUT, what,
      c and ('yes (id %d)'):format(c.id) or 'no', describe(buf), server_state())
  end
end

local function open(name)
  vim.cmd.edit(vim.fn.fnameescape(FIX .. '/' .. name))
  local buf = vim.api.nvim_get_current_buf()
  return buf, vim.uri_from_bufnr(buf)
end

local function line(buf, lnum)
  return vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1] or ''
end

local function text_of(buf, d)
  local lines = vim.api.nvim_buf_get_text(buf, d.lnum, d.col, d.end_lnum or d.lnum, d.end_col or d.col, {})
  return table.concat(lines, '\n')
end

local function lsp_request(buf, method, params, ms)
  local res, err = vim.lsp.buf_request_sync(buf, method, params, ms or TIMEOUT)
  if not res then fail('%s: no answer (%s).%s', method, tostring(err), server_state()) end
  local c = client_for(buf)
  local r = c and res[c.id]
  if not r then fail('%s: no answer from the sendwell client', method) end
  local e = r.err or r.error
  if e then fail('%s failed: %s', method, vim.inspect(e)) end
  return r.result, c
end

local function hover_text(result)
  if not result then return '' end
  local c = result.contents
  if type(c) == 'string' then return c end
  if c.value then return c.value end
  local parts = {}
  for _, p in ipairs(c) do parts[#parts + 1] = type(p) == 'string' and p or p.value end
  return table.concat(parts, '\n')
end

--- Requests code actions for a diagnostic and returns them (resolving edits when needed).
local function code_actions(buf, d)
  local c = client_for(buf)
  local lsp_d = d.user_data and d.user_data.lsp
  if not lsp_d then fail('diagnostic has no LSP payload') end
  local result = lsp_request(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp_d.range,
    context = { diagnostics = { lsp_d }, triggerKind = 1 },
  })
  local actions = {}
  for _, a in ipairs(result or {}) do
    if a.title and not a.edit and not a.command and c.server_capabilities.codeActionProvider
      and type(c.server_capabilities.codeActionProvider) == 'table'
      and c.server_capabilities.codeActionProvider.resolveProvider then
      a = lsp_request(buf, 'codeAction/resolve', a)
    end
    actions[#actions + 1] = a
  end
  return actions, c
end

local function titles(actions)
  return table.concat(vim.tbl_map(function(a) return ('%q'):format(a.title or '?') end, actions), ', ')
end

local function apply_action(buf, actions, pattern)
  for _, a in ipairs(actions) do
    if a.title and a.title:lower():find(pattern) then
      if a.command and not a.edit then
        fail('action %q comes as a command (%s), not a WorkspaceEdit', a.title, vim.inspect(a.command))
      end
      if not a.edit then fail('action %q has no edit', a.title) end
      vim.lsp.util.apply_workspace_edit(a.edit, client_for(buf).offset_encoding)
      return a
    end
  end
  fail('no code action matching %q; got: %s', pattern, titles(actions))
end

---------------------------------------------------------------------------------------------------
-- The test
---------------------------------------------------------------------------------------------------
local function main()
  local buf, uri = open('note-long.md')

  local attached = check('the server attaches to a Markdown draft', function()
    eq(vim.bo[buf].filetype, 'markdown', 'filetype')
    wait_for(buf, 'the client to attach and initialize', function()
      local c = client_for(buf)
      return c ~= nil and c.initialized == true
    end, 10000)
    -- The server takes UTF-8 when the client offers it (Neovim does), UTF-16 otherwise.
    eq(client_for(buf).offset_encoding, MODE == 'raw' and 'utf-16' or 'utf-8', 'negotiated position encoding')
  end)
  if not attached then return finish() end

  local got = check('diagnostics arrive with Sendwell codes', function()
    wait_for(buf, 'diagnostics limit.body and placeholder.unfilled', function()
      return by_code(buf, 'limit.body') ~= nil and by_code(buf, 'placeholder.unfilled') ~= nil
    end)
    for _, d in ipairs(sendwell_diags(buf)) do
      if type(d.code) ~= 'string' or not d.code:match('^[%l%d-]+%.[%l%d.-]+$') then
        fail('diagnostic code %s is not a rule ID', vim.inspect(d.code))
      end
    end
  end)
  if not got then return finish() end

  check('placeholder range is exact on a line with emoji (byte columns)', function()
    local d = by_code(buf, 'placeholder.unfilled')
    local l = line(buf, d.lnum)
    if not l:find('👋', 1, true) then fail('fixture line %d has no emoji: %q', d.lnum, l) end
    eq(text_of(buf, d), '[Company]', 'text under placeholder.unfilled')
    eq(d.lnum, 4, 'line of placeholder.unfilled')
    eq(d.col, (l:find('[Company]', 1, true)) - 1, 'byte column of placeholder.unfilled')
  end)

  check('limit.body points into the body', function()
    local d = by_code(buf, 'limit.body')
    if d.lnum < 4 then fail('limit.body starts in the front-matter (line %d)', d.lnum) end
    if d.severity > vim.diagnostic.severity.WARN then fail('limit.body has severity %d', d.severity) end
  end)

  check('hover on a diagnostic explains the rule', function()
    local d = by_code(buf, 'placeholder.unfilled')
    local c = client_for(buf)
    local lsp_d = d.user_data.lsp
    local result = lsp_request(buf, 'textDocument/hover', {
      textDocument = { uri = uri },
      position = { line = lsp_d.range.start.line, character = lsp_d.range.start.character + 1 },
    })
    local text = hover_text(result)
    if text == '' then fail('empty hover') end
    if not text:lower():find('placeholder', 1, true) then
      fail('hover does not mention the placeholder rule: %q', text:sub(1, 300))
    end
    local _ = c
  end)

  check('sendwell.stats and sendwell.render answer for the draft', function()
    local stats = lsp_request(buf, 'workspace/executeCommand', { command = 'sendwell.stats', arguments = { uri } })
    if type(stats) ~= 'table' then fail('sendwell.stats returned %s', vim.inspect(stats)) end
    eq(stats.channel, 'connection-note', 'stats.channel')
    eq(stats.limit, 300, 'stats.limit')
    if type(stats.used) ~= 'number' or stats.used <= 300 then fail('stats.used should be > 300: %s', vim.inspect(stats)) end
    local text = lsp_request(buf, 'workspace/executeCommand', { command = 'sendwell.render', arguments = { uri } })
    if type(text) ~= 'string' then fail('sendwell.render returned %s', vim.inspect(text)) end
    if text:find('channel:', 1, true) then fail('rendered message still has front-matter: %q', text:sub(1, 120)) end
    if not text:find('Hi Sarah', 1, true) then fail('rendered message lacks the greeting: %q', text:sub(1, 120)) end
  end)

  check('quick fix for placeholder.unfilled is a WorkspaceEdit that adds company: to the front-matter', function()
    local d = by_code(buf, 'placeholder.unfilled')
    local actions = code_actions(buf, d)
    local before = vim.api.nvim_buf_get_lines(buf, 0, 4, false)
    apply_action(buf, actions, 'company')
    local fm = vim.api.nvim_buf_get_lines(buf, 0, 6, false)
    local found
    for i, l in ipairs(fm) do
      if l:match('^company:') then found = i end
    end
    if not found then fail('no company: line in the front-matter after the fix: %s (was %s)', vim.inspect(fm), vim.inspect(before)) end
  end)

  check('typing a company value clears placeholder.unfilled', function()
    local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    for i, l in ipairs(lines) do
      if l:match('^company:') then
        vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { 'company: Northwind' })
        break
      end
      if i > 8 then break end
    end
    wait_for(buf, 'placeholder.unfilled to go away', function()
      return by_code(buf, 'placeholder.unfilled') == nil and by_code(buf, 'limit.body') ~= nil
    end)
  end)

  check('shortening the body clears limit.body, lengthening brings it back', function()
    local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    local body_start
    local seen = 0
    for i, l in ipairs(lines) do
      if l == '---' then
        seen = seen + 1
        if seen == 2 then body_start = i break end
      end
    end
    if not body_start then fail('cannot find the end of the front-matter') end
    vim.api.nvim_buf_set_lines(buf, body_start, -1, false, { 'Hi Sarah 👋🏽 — loved your forecasting talk. Connect?' })
    wait_for(buf, 'limit.body to go away', function() return by_code(buf, 'limit.body') == nil end)
    local long = ('Forecasting by store and day, then rolling up, is what we need. '):rep(6)
    vim.api.nvim_buf_set_lines(buf, -1, -1, false, { long })
    wait_for(buf, 'limit.body to come back', function() return by_code(buf, 'limit.body') ~= nil end)
    local stats = lsp_request(buf, 'workspace/executeCommand', { command = 'sendwell.stats', arguments = { uri } })
    if not (type(stats) == 'table' and stats.used > 300) then fail('stats after typing: %s', vim.inspect(stats)) end
  end)

  -- InMail without a subject: the fix adds `subject:` to the front-matter.
  local ibuf = open('inmail-nosubject.md')
  check('subject.missing on an InMail, fixed by a code action', function()
    wait_for(ibuf, 'subject.missing', function() return by_code(ibuf, 'subject.missing') ~= nil end)
    local d = by_code(ibuf, 'subject.missing')
    local actions = code_actions(ibuf, d)
    apply_action(ibuf, actions, 'subject')
    local fm = vim.api.nvim_buf_get_lines(ibuf, 0, 8, false)
    local n
    for i, l in ipairs(fm) do if l:match('^subject:') then n = i end end
    if not n then fail('no subject: line after the fix: %s', vim.inspect(fm)) end
    if not vim.trim(fm[n]:sub(9)):match('%S') then
      vim.api.nvim_buf_set_lines(ibuf, n - 1, n, false, { 'subject: Your forecasting talk' })
    end
    wait_for(ibuf, 'subject.missing to go away', function() return by_code(ibuf, 'subject.missing') == nil end)
  end)

  check('"Disable RULE in this draft" action is offered and silences the rule', function()
    -- Put a placeholder back to get a finding to disable.
    vim.api.nvim_buf_set_lines(ibuf, -1, -1, false, { 'P.S. How is {role} going?' })
    wait_for(ibuf, 'placeholder.unfilled for {role}', function() return by_code(ibuf, 'placeholder.unfilled') ~= nil end)
    local d = by_code(ibuf, 'placeholder.unfilled')
    eq(text_of(ibuf, d), '{role}', 'text under placeholder.unfilled')
    local actions = code_actions(ibuf, d)
    apply_action(ibuf, actions, 'disable')
    wait_for(ibuf, 'placeholder.unfilled to be disabled', function() return by_code(ibuf, 'placeholder.unfilled') == nil end)
  end)

  local pbuf, puri = open('plain.md')
  check('a Markdown file without channel: gets no diagnostics', function()
    local c = client_for(pbuf)
    if not c then fail('client did not attach to plain.md') end
    vim.wait(3000, function() return (publishes[puri] or 0) > 0 end, 10)
    vim.wait(300)
    eq(codes(pbuf), {}, 'diagnostic codes on plain.md')
  end)

  -- "Move the rest into a follow-up", applied by Neovim's own apply_workspace_edit: it truncates
  -- the target of a CreateFile and makes any missing folders, so the server must pick the place.
  local function write_file(path, text)
    vim.fn.mkdir(vim.fs.dirname(path), 'p')
    local f = assert(io.open(path, 'wb'))
    f:write(text)
    f:close()
  end
  local function read_file(path)
    local f = io.open(path, 'rb')
    if not f then return nil end
    local text = f:read('*a')
    f:close()
    return text
  end
  local function long_inmail(sequence)
    local sentences = {}
    for i = 1, 120 do sentences[i] = ('Sentence number %03d.'):format(i) end
    return ('---\nchannel: inmail\nto: Sarah Chen\nsubject: Hi\nsequence: %s\nstep: 1\n---\n%s\n')
      :format(sequence, table.concat(sentences, ' '))
  end
  local function buffer_text(b)
    return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
  end
  local function body_of(text)
    return text:match('^%-%-%-\n.-\n%-%-%-\n(.*)$') or fail('no front-matter in %q', text:sub(1, 200))
  end
  --- Opens a draft, applies its move with apply_workspace_edit; returns the draft's text before
  --- and after, and the created file's path and buffer text.
  local function apply_move(name)
    local dbuf = open(name)
    wait_for(dbuf, 'limit.body on ' .. name, function() return by_code(dbuf, 'limit.body') ~= nil end)
    local before = buffer_text(dbuf)
    local actions = code_actions(dbuf, by_code(dbuf, 'limit.body'))
    local a = apply_action(dbuf, actions, 'move the rest')
    local created
    for _, change in ipairs(a.edit.documentChanges or {}) do
      if change.kind == 'create' then created = vim.uri_to_fname(change.uri) end
    end
    if not created then fail('the move creates no file: %s', vim.inspect(a.edit)) end
    local nbuf = vim.fn.bufnr(created)
    if nbuf < 0 then fail('no buffer for the created %s', created) end
    vim.fn.bufload(nbuf)
    return a, before, buffer_text(dbuf), created, buffer_text(nbuf)
  end

  check('moving the rest into a follow-up never replaces an existing file', function()
    -- In the fixtures' own folder, so the client that serves the other drafts serves these.
    local dir = FIX
    write_file(dir .. '/q3-step-2.md', 'Already written, not to be lost.\n')
    write_file(dir .. '/q3.md', long_inmail('q3'))
    local a, before, after, created, moved = apply_move('q3.md')
    eq(read_file(dir .. '/q3-step-2.md'), 'Already written, not to be lost.\n', 'the existing q3-step-2.md')
    eq(created, dir .. '/q3-step-2-2.md', 'the created file')
    eq(a.title, 'Move the rest into a follow-up (q3-step-2-2.md)', 'title')
    if vim.uv.fs_stat(created) == nil then fail('%s was not created', created) end
    local moved_body = vim.trim(body_of(moved))
    if not moved_body:match('^Sentence number %d+%.') then fail('follow-up body: %q', moved_body:sub(1, 120)) end
    if not moved:find('channel: follow-up', 1, true) then fail('follow-up front-matter: %q', moved:sub(1, 200)) end
    -- The draft lost exactly the moved sentences: kept + ' ' + moved is the old body.
    eq(vim.trim(body_of(after)) .. ' ' .. moved_body, vim.trim(body_of(before)), 'kept and moved sentences')
    eq(after:match('^(%-%-%-\n.-\n%-%-%-\n)'), before:match('^(%-%-%-\n.-\n%-%-%-\n)'), "the draft's front-matter")
  end)

  check('a follow-up of sequence: ../outside/x is created in the draft\'s folder', function()
    local dir = FIX
    write_file(dir .. '/x.md', long_inmail('../outside/x'))
    local _, _, _, created = apply_move('x.md')
    eq(created, dir .. '/outside-x-step-2.md', 'the created file')
    local outside = vim.fs.dirname(dir) .. '/outside'
    if vim.uv.fs_stat(outside) ~= nil then fail('%s was created, outside the draft\'s folder', outside) end
    if vim.uv.fs_stat(created) == nil then fail('%s was not created', created) end
  end)

  -- "GUARANTEED" is a spam word (its shouting is that finding's related information), in a
  -- paragraph that never names Sarah, reads hard and is a wall of text: four findings under it.
  local obuf, ouri = open('hover-overlap.md')
  check('hover under overlapping findings: the word\'s own first, at most 3 cards of <= 600 characters', function()
    wait_for(obuf, 'style.wall-of-text', function() return by_code(obuf, 'style.wall-of-text') ~= nil end)
    local line = vim.api.nvim_buf_get_lines(obuf, 6, 7, false)[1]
    local r = { start = { line = 6, character = line:find('GUARANTEED', 1, true) - 1 } }
    local text = hover_text(lsp_request(obuf, 'textDocument/hover', {
      textDocument = { uri = ouri },
      position = { line = r.start.line, character = r.start.character + 2 },
    }))
    local cards = vim.split(text, '\n\n---\n\n', { plain = true })
    eq(#cards, 4, 'sections (three cards and the count of the rest)')
    if not cards[1]:find('`spam.trigger-word`', 1, true) then
      fail('the first card is not about the word itself: %q', cards[1])
    end
    for i = 1, 3 do
      local n = vim.fn.strchars(cards[i])
      if n > 600 then fail('card %d has %d characters: %q', i, n, cards[i]) end
      if cards[i]:find('seeds/', 1, true) then fail('card %d names a research file: %q', i, cards[i]) end
    end
    if not cards[4]:find('^%+%d+ more findings? here') then fail('last section: %q', cards[4]) end
  end)

  check('the counter\'s command shows every figure as a message', function()
    local shown
    local previous = vim.lsp.handlers['window/showMessage']
    vim.lsp.handlers['window/showMessage'] = function(_, params) shown = params end
    local ok, err = pcall(function()
      if MODE == 'raw' then
        lsp_request(obuf, 'workspace/executeCommand', { command = 'sendwell.showStats', arguments = { ouri } })
      else
        vim.cmd.buffer(obuf)
        vim.cmd('SendwellStats')
      end
      wait_for(obuf, 'window/showMessage', function() return shown ~= nil end, 5000)
    end)
    vim.lsp.handlers['window/showMessage'] = previous
    if not ok then error(err, 0) end
    if not shown.message:find('^Sendwell · Cold email: body %d+') or not shown.message:find('reading time', 1, true) then
      fail('message: %q', shown.message)
    end
  end)

  if MODE == 'plugin' or MODE == 'legacy' then
    local sendwell = require('sendwell')
    check(':SendwellCopy puts the rendered message in the + register', function()
      -- A clipboard provider that keeps the text in memory (headless Neovim has none).
      local clip = {}
      vim.g.clipboard = {
        name = 'sendwell-test',
        copy = {
          ['+'] = function(lines) clip['+'] = table.concat(lines, '\n') end,
          ['*'] = function(lines) clip['*'] = table.concat(lines, '\n') end,
        },
        paste = {
          ['+'] = function() return vim.split(clip['+'] or '', '\n') end,
          ['*'] = function() return vim.split(clip['*'] or '', '\n') end,
        },
      }
      vim.g.loaded_clipboard_provider = nil
      vim.cmd('runtime autoload/provider/clipboard.vim')
      if vim.fn.has('clipboard') ~= 1 then fail('test clipboard provider not active') end
      vim.cmd.buffer(buf)
      vim.cmd('SendwellCopy')
      wait_for(buf, 'the + register to be filled', function()
        return (clip['+'] or ''):find('Hi Sarah', 1, true) ~= nil
      end, 5000)
      if clip['+']:find('channel:', 1, true) then fail('copied text still has front-matter') end
      eq(vim.fn.getreg('+'), clip['+'], 'getreg("+")')
    end)

    check(':SendwellNew inmail opens a draft with front-matter and the server attached', function()
      vim.cmd.cd(vim.fn.fnameescape(FIX))
      vim.cmd('SendwellNew inmail new-inmail.md')
      local nbuf = vim.api.nvim_get_current_buf()
      local lines = vim.api.nvim_buf_get_lines(nbuf, 0, -1, false)
      eq(lines[1], '---', 'first line')
      eq(lines[2], 'channel: inmail', 'second line')
      eq(vim.bo[nbuf].filetype, 'markdown', 'filetype')
      wait_for(nbuf, 'the client to attach to the new draft', function() return client_for(nbuf) ~= nil end, 5000)
      local stats = lsp_request(nbuf, 'workspace/executeCommand',
        { command = 'sendwell.stats', arguments = { vim.uri_from_bufnr(nbuf) } })
      if type(stats) ~= 'table' or stats.channel ~= 'inmail' then fail('stats for the new draft: %s', vim.inspect(stats)) end
    end)

    check(':checkhealth sendwell reports binary, version and client', function()
      vim.cmd.buffer(buf)
      vim.cmd('checkhealth sendwell')
      local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
      vim.cmd('bwipeout!')
      for _, want in ipairs({ 'server binary: ', 'version: ', 'client ' }) do
        if not text:find(want, 1, true) then fail('checkhealth output lacks %q:\n%s', want, text) end
      end
      if text:find('ERROR', 1, true) then fail('checkhealth reports an error:\n%s', text) end
    end)

    check('settings changed at run time reach the server (workspace/configuration)', function()
      vim.cmd.buffer(buf)
      wait_for(buf, 'limit.body before the change', function() return by_code(buf, 'limit.body') ~= nil end)
      sendwell.set_settings({ allow = { 'Northwind' }, rules = { ['limit.body'] = 'off' } })
      wait_for(buf, 'limit.body to be switched off by settings', function() return by_code(buf, 'limit.body') == nil end)
      sendwell.set_settings({ allow = { 'Northwind' }, rules = { ['limit.body'] = 'error' } })
      wait_for(buf, 'limit.body back as an error', function()
        local d = by_code(buf, 'limit.body')
        return d ~= nil and d.severity == vim.diagnostic.severity.ERROR
      end)
    end)

    check('setup() turns on virtual text and severity order for Sendwell findings', function()
      vim.cmd.buffer(buf)
      local ns = vim.lsp.diagnostic.get_namespace(client_for(buf).id)
      local cfg = vim.diagnostic.config(nil, ns)
      if not cfg.virtual_text then fail('virtual_text is off in the Sendwell namespace: %s', vim.inspect(cfg)) end
      if not cfg.severity_sort then fail('severity_sort is off in the Sendwell namespace: %s', vim.inspect(cfg)) end
      -- What the user sees: virtual text drawn on a line with a finding.
      local d = by_code(buf, 'limit.body')
      local marks = vim.api.nvim_buf_get_extmarks(buf, -1, { d.lnum, 0 }, { d.lnum, -1 }, { details = true })
      local drawn = false
      for _, m in ipairs(marks) do
        if m[4] and m[4].virt_text and #m[4].virt_text > 0 then drawn = true end
      end
      if not drawn then fail('no virtual text on line %d', d.lnum + 1) end
    end)

    check("'Allow' lands in sendwell.toml on disk and the finding clears", function()
      -- In the fixtures' folder, so the draft shares the running server (and its workspace).
      local draft = FIX .. '/allow-free.md'
      vim.fn.writefile({ '---', 'channel: message', 'to: Sarah Chen', '---',
        'Hi Sarah, your talk on forecasting was great. The workshop is free for members.',
        'Would you be open to a chat next week?' }, draft)
      vim.cmd.edit(vim.fn.fnameescape(draft))
      local fbuf = vim.api.nvim_get_current_buf()
      wait_for(fbuf, 'the spam finding on "free"', function()
        local d = by_code(fbuf, 'spam.trigger-word')
        return d ~= nil and text_of(fbuf, d):lower() == 'free'
      end)
      local modified_before = {}
      for _, b in ipairs(vim.api.nvim_list_bufs()) do
        modified_before[b] = vim.bo[b].modified
      end
      local actions = code_actions(fbuf, by_code(fbuf, 'spam.trigger-word'))
      local a = apply_action(fbuf, actions, "^allow 'free'")
      local toml_uri
      for _, change in ipairs(a.edit.documentChanges or {}) do
        if change.textDocument then toml_uri = change.textDocument.uri end
      end
      if not toml_uri then fail('the Allow action edits no file: %s', vim.inspect(a.edit)) end
      local on_disk = table.concat(vim.fn.readfile(vim.uri_to_fname(toml_uri)), '\n')
      if not on_disk:find('"free"', 1, true) then fail('sendwell.toml on disk: %q', on_disk) end
      for _, b in ipairs(vim.api.nvim_list_bufs()) do
        if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].modified and not modified_before[b] then
          fail('a modified buffer is left behind (E162 on :qa): %s', vim.api.nvim_buf_get_name(b))
        end
      end
      wait_for(fbuf, 'the finding on "free" to clear', function()
        return by_code(fbuf, 'spam.trigger-word') == nil
      end, 10000)
      vim.cmd.buffer(buf)
      vim.api.nvim_buf_delete(fbuf, { force = true })
      vim.fn.delete(draft)
      vim.fn.delete(vim.uri_to_fname(toml_uri))
    end)

    check(':SendwellRestart starts a new server for the open drafts', function()
      vim.cmd.buffer(buf)
      local old = client_for(buf)
      vim.cmd('SendwellRestart')
      wait_for(buf, 'a new client after restart', function()
        local c = client_for(buf)
        return c ~= nil and c.id ~= old.id and c.initialized == true
      end, 10000)
      eq(#sendwell.clients(), 1, 'number of sendwell clients after restart')
      wait_for(buf, 'diagnostics again after restart', function() return by_code(buf, 'limit.body') ~= nil end)
    end)
  end

  finish()
end

local ok, err = xpcall(main, debug.traceback)
if not ok then fatal('test crashed: ' .. tostring(err)) end
