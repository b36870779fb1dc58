-- Sendwell for Neovim: registers the `sendwell lsp` language server for Markdown and text
-- buffers and adds :SendwellCopy, :SendwellNew and :SendwellRestart.
--
--   require('sendwell').setup({
--     cmd = { 'sendwell', 'lsp' },          -- server command
--     settings = { plan = 'premium', rules = { ['limit.body'] = 'error' }, allow = { 'Northwind' } },
--   })
--
-- Works on Neovim 0.10 (vim.lsp.start from a FileType autocmd) and 0.11+ (vim.lsp.config/enable).
local M = {}

M.name = 'sendwell'

--- Channels known to the server, with the front-matter a new draft starts with.
M.channels = {
  ['connection-note'] = { 'channel: connection-note', 'to: ', 'company: ' },
  ['inmail'] = { 'channel: inmail', 'to: ', 'company: ', 'subject: ' },
  ['open-profile'] = { 'channel: open-profile', 'to: ', 'company: ', 'subject: ' },
  ['message'] = { 'channel: message', 'to: ' },
  ['follow-up'] = { 'channel: follow-up', 'to: ' },
  ['email'] = { 'channel: email', 'to: ', 'company: ', 'subject: ' },
}

local defaults = {
  cmd = { 'sendwell', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'sendwell.toml', '.git' },
  settings = {},
  -- vim.diagnostic options for Sendwell's findings only (Neovim 0.11 turned virtual text off by
  -- default, which leaves findings as sign-column letters). `false` leaves your own config alone.
  diagnostics = { virtual_text = true, severity_sort = true },
  -- Fixes that edit a file you have not opened (the workspace's sendwell.toml for "Allow …", a
  -- new follow-up draft) are written to disk, as other editors do, instead of being left in a
  -- hidden unsaved buffer. `false` leaves them unsaved.
  save_unopened_edits = true,
  -- Extra fields merged into the client config (capabilities, on_attach, handlers, ...).
  client = {},
}

M.config = vim.deepcopy(defaults)

local has_011 = vim.fn.has('nvim-0.11') == 1
local augroup = vim.api.nvim_create_augroup('sendwell', { clear = true })

local function notify(msg, level)
  vim.notify('sendwell: ' .. msg, level or vim.log.levels.INFO)
end

--- The client config passed to vim.lsp.config / vim.lsp.start.
function M.client_config()
  local cfg = M.config
  local c = vim.tbl_deep_extend('force', {
    name = M.name,
    cmd = cfg.cmd,
    filetypes = cfg.filetypes,
    root_markers = cfg.root_markers,
    -- Answered to `workspace/configuration` (section `sendwell`) and sent on didChangeConfiguration.
    settings = { sendwell = cfg.settings },
    init_options = cfg.settings,
  }, cfg.client or {})
  return c
end

local function root_for(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  local dir = name ~= '' and vim.fs.dirname(name) or vim.fn.getcwd()
  if vim.fs.root then
    return vim.fs.root(buf, M.config.root_markers) or dir
  end
  local found = vim.fs.find(M.config.root_markers, { path = dir, upward = true })[1]
  return found and vim.fs.dirname(found) or dir
end

--- Starts (or reuses) the server for one buffer. Used on 0.10 and by :SendwellRestart.
function M.start(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  if vim.bo[buf].buftype ~= '' then
    return nil
  end
  local c = M.client_config()
  c.root_markers = nil
  c.filetypes = nil
  c.root_dir = root_for(buf)
  return vim.lsp.start(c, { bufnr = buf })
end

--- Clients of this plugin, optionally only those attached to `buf`.
function M.clients(buf)
  return vim.lsp.get_clients({ name = M.name, bufnr = buf })
end

-- client:request on 0.11, client.request on 0.10
local function request(client, method, params, handler, buf)
  if has_011 then
    return client:request(method, params, handler, buf)
  end
  return client.request(method, params, handler, buf)
end

--- Runs a server command (`sendwell.render`, `sendwell.stats`) on a buffer; calls cb(err, result).
function M.execute(command, buf, cb)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local client = M.clients(buf)[1]
  if not client then
    cb('no Sendwell server is attached to this buffer (is it a Markdown or text file?)')
    return
  end
  request(client, 'workspace/executeCommand', {
    command = command,
    arguments = { vim.uri_from_bufnr(buf) },
  }, function(err, result)
    cb(err and (err.message or vim.inspect(err)) or nil, result)
  end, buf)
end

--- :SendwellStats — what a click on the counter shows in VS Code: the server answers
--- `sendwell.showStats` with a `window/showMessage` of every figure (shown by vim.notify).
function M.stats(buf)
  M.execute('sendwell.showStats', buf, function(err, result)
    if err then
      return notify('could not count: ' .. err, vim.log.levels.ERROR)
    end
    if result == nil or result == vim.NIL then
      notify('this buffer is not a draft (no “channel:” in its front-matter)', vim.log.levels.WARN)
    end
  end)
end

--- :SendwellCopy — the message as it will be sent, into the `+` register.
function M.copy(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  M.execute('sendwell.render', buf, function(err, text)
    if err then
      return notify('could not render: ' .. err, vim.log.levels.ERROR)
    end
    if type(text) ~= 'string' then
      return notify('this buffer is not a draft (no “channel:” in its front-matter)', vim.log.levels.WARN)
    end
    if vim.fn.has('clipboard') == 1 and pcall(vim.fn.setreg, '+', text) then
      notify(('message copied to the clipboard (%d characters)'):format(vim.fn.strchars(text)))
    else
      -- No clipboard provider (e.g. over SSH): use the unnamed register instead.
      vim.fn.setreg('"', text)
      notify('no clipboard provider: message put in the unnamed register ("") instead', vim.log.levels.WARN)
    end
  end)
end

--- :SendwellNew {channel} [file] — a new draft buffer with the channel's front-matter.
function M.new(channel, file)
  local front = M.channels[channel]
  if not front then
    if not channel or channel == '' then
      return notify('usage: :SendwellNew {channel} [file]  (channels: '
        .. table.concat(vim.tbl_keys(M.channels), ', ') .. ')', vim.log.levels.ERROR)
    end
    front = { 'channel: ' .. channel, 'to: ' }
  end
  file = (file and file ~= '') and file or ('%s-%s.md'):format(channel, os.date('%Y%m%d-%H%M%S'))
  vim.cmd.edit(vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local lines = { '---' }
  vim.list_extend(lines, front)
  vim.list_extend(lines, { '---', '' })
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  if vim.bo[buf].filetype ~= 'markdown' then
    vim.bo[buf].filetype = 'markdown'
  end
  -- cursor after `to: `
  vim.api.nvim_win_set_cursor(0, { 3, #'to: ' })
  return buf
end

--- :SendwellRestart — stops the server and starts it again for the buffers it served.
function M.restart()
  local bufs = {}
  local clients = M.clients()
  for _, client in ipairs(clients) do
    for b in pairs(client.attached_buffers or {}) do
      bufs[#bufs + 1] = b
    end
  end
  for _, client in ipairs(clients) do
    if has_011 then client:stop() else client.stop() end
  end
  local function stopped()
    for _, client in ipairs(clients) do
      local done
      if has_011 then done = client:is_stopped() else done = client.is_stopped() end
      if not done then
        return false
      end
    end
    return true
  end
  local tries = 0
  local function again()
    tries = tries + 1
    if not stopped() and tries < 50 then
      return vim.defer_fn(again, 20)
    end
    if not stopped() then
      for _, client in ipairs(clients) do
        if has_011 then client:stop(true) else client.stop(true) end
      end
    end
    for _, b in ipairs(bufs) do
      if vim.api.nvim_buf_is_valid(b) then M.start(b) end
    end
    if #bufs == 0 then
      local cur = vim.api.nvim_get_current_buf()
      if vim.tbl_contains(M.config.filetypes, vim.bo[cur].filetype) then M.start(cur) end
    end
    notify('server restarted')
  end
  again()
end

--- Changes settings at run time; the server gets workspace/didChangeConfiguration.
function M.set_settings(settings)
  M.config.settings = settings
  for _, client in ipairs(M.clients()) do
    client.settings = { sendwell = settings }
    if has_011 then client.config.settings = client.settings end
    local params = { settings = { sendwell = settings } }
    if has_011 then
      client:notify('workspace/didChangeConfiguration', params)
    else
      client.notify('workspace/didChangeConfiguration', params)
    end
  end
end

local function create_commands()
  vim.api.nvim_create_user_command('SendwellCopy', function() M.copy(0) end,
    { desc = 'Sendwell: copy the message as it will be sent into the + register' })
  vim.api.nvim_create_user_command('SendwellNew', function(o) M.new(o.fargs[1], o.fargs[2]) end, {
    nargs = '+',
    desc = 'Sendwell: new draft for a channel',
    complete = function(arglead, cmdline)
      if #vim.split(cmdline, '%s+', { trimempty = false }) > 2 then
        return vim.fn.getcompletion(arglead, 'file')
      end
      local names = vim.tbl_keys(M.channels)
      table.sort(names)
      return vim.tbl_filter(function(n) return vim.startswith(n, arglead) end, names)
    end,
  })
  vim.api.nvim_create_user_command('SendwellStats', function() M.stats(0) end,
    { desc = 'Sendwell: show every figure of the draft (what the counter abbreviates)' })
  vim.api.nvim_create_user_command('SendwellRestart', function() M.restart() end,
    { desc = 'Sendwell: restart the language server' })
end

-- Applies `opts.diagnostics` to the diagnostic namespace of each Sendwell client as it attaches.
local function configure_diagnostics()
  if not M.config.diagnostics then
    return
  end
  vim.api.nvim_create_autocmd('LspAttach', {
    group = augroup,
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      if client and client.name == M.name then
        vim.diagnostic.config(M.config.diagnostics, vim.lsp.diagnostic.get_namespace(client.id))
      end
    end,
  })
end

-- The files a WorkspaceEdit writes to (text edits and creates), as URIs.
local function edited_uris(edit)
  local uris = {}
  for uri in pairs(edit.changes or {}) do
    uris[uri] = true
  end
  for _, change in ipairs(edit.documentChanges or {}) do
    if change.textDocument then
      uris[change.textDocument.uri] = true
    elseif change.kind == 'create' then
      uris[change.uri] = true
    end
  end
  return uris
end

-- Neovim applies an edit to a file that is not open in a hidden buffer and leaves it unsaved:
-- "Allow 'word' in this workspace" then seems to do nothing (the server reads sendwell.toml from
-- disk) and :qa stops on E162. Only while a Sendwell client runs, and only for files that were
-- not loaded before the edit, each is written and the server told that it changed; a settings
-- file is then unloaded again, since the user never opened it.
local function save_unopened_edits()
  if M._apply_wrapped then
    return
  end
  M._apply_wrapped = true
  local apply = vim.lsp.util.apply_workspace_edit
  vim.lsp.util.apply_workspace_edit = function(edit, ...)
    local clients = M.clients()
    if not M.config.save_unopened_edits or #clients == 0 or type(edit) ~= 'table' then
      return apply(edit, ...)
    end
    local unopened = {}
    for uri in pairs(edited_uris(edit)) do
      if vim.startswith(uri, 'file:') then
        local buf = vim.fn.bufnr(vim.uri_to_fname(uri))
        if buf == -1 or not vim.api.nvim_buf_is_loaded(buf) then
          unopened[#unopened + 1] = uri
        end
      end
    end
    local result = { apply(edit, ...) }
    local changes = {}
    for _, uri in ipairs(unopened) do
      local buf = vim.uri_to_bufnr(uri)
      if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].modified then
        local ok = pcall(vim.api.nvim_buf_call, buf, function()
          vim.cmd('silent noautocmd keepalt write')
        end)
        if ok then
          changes[#changes + 1] = { uri = uri, type = 2 }
          if vim.fs.basename(vim.uri_to_fname(uri)) == 'sendwell.toml' then
            pcall(vim.api.nvim_buf_delete, buf, {})
          end
        else
          notify('could not write ' .. vim.uri_to_fname(uri), vim.log.levels.WARN)
        end
      end
    end
    if #changes > 0 then
      for _, client in ipairs(clients) do
        local params = { changes = changes }
        if has_011 then
          client:notify('workspace/didChangeWatchedFiles', params)
        else
          client.notify('workspace/didChangeWatchedFiles', params)
        end
      end
    end
    return unpack(result)
  end
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.settings then
    M.config.settings = opts.settings -- lists (allow) replace, never merge
  end
  vim.api.nvim_clear_autocmds({ group = augroup })
  create_commands()
  configure_diagnostics()
  save_unopened_edits()

  -- vim.g.sendwell_use_lsp_start = true forces the 0.10 path (vim.lsp.start from FileType).
  if has_011 and vim.lsp.config and vim.lsp.enable and not vim.g.sendwell_use_lsp_start then
    vim.lsp.config(M.name, M.client_config())
    vim.lsp.enable(M.name)
  else
    vim.api.nvim_create_autocmd('FileType', {
      group = augroup,
      pattern = M.config.filetypes,
      callback = function(ev) M.start(ev.buf) end,
    })
    -- buffers opened before setup()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.config.filetypes, vim.bo[b].filetype) then
        M.start(b)
      end
    end
  end
  return M
end

return M
