-- :checkhealth sendwell
local M = {}

function M.check()
  local health = vim.health
  local sendwell = require('sendwell')
  health.start('sendwell')

  if vim.fn.has('nvim-0.10') == 1 then
    health.ok('Neovim ' .. tostring(vim.version()))
  else
    health.error('Neovim 0.10 or newer is needed; this is ' .. tostring(vim.version()))
  end

  local cmd = sendwell.config.cmd or { 'sendwell', 'lsp' }
  local exe = cmd[1]
  local path = vim.fn.exepath(exe)
  if path == '' then
    health.error(('server binary `%s` not found'):format(exe), {
      'Build it with `cargo build --release` in the Sendwell repository and put target/release on PATH,',
      "or pass its path: require('sendwell').setup({ cmd = { '/path/to/sendwell', 'lsp' } })",
    })
  else
    health.ok(('server binary: %s'):format(path))
    local ok, res = pcall(function()
      return vim.system({ path, '--version' }, { text = true }):wait(5000)
    end)
    if ok and res and res.code == 0 then
      health.ok('version: ' .. vim.trim(res.stdout or ''))
    else
      health.error(('`%s --version` failed: %s'):format(path,
        ok and res and vim.trim((res.stderr or '') .. ' exit ' .. tostring(res.code)) or tostring(res)))
    end
  end

  local clients = sendwell.clients()
  if #clients == 0 then
    health.info('no Sendwell client running (it starts when a Markdown or text buffer is opened)')
  end
  for _, client in ipairs(clients) do
    local bufs = {}
    for b in pairs(client.attached_buffers or {}) do
      bufs[#bufs + 1] = ('%d:%s'):format(b, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(b), ':~:.'))
    end
    local info = client.server_info or {}
    health.ok(('client %d (%s %s, encoding %s) attached to %s'):format(
      client.id, info.name or 'sendwell', info.version or '?', client.offset_encoding or '?',
      #bufs > 0 and table.concat(bufs, ', ') or 'no buffer'))
  end
end

return M
