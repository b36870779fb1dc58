-- Neovim config for the terminal screenshot (tests/editors/nvim/screenshot.sh): the plugin's
-- setup() exactly as editors/nvim/README.md shows it (no diagnostic config of its own, so the
-- picture shows what the README's setup gives), then the hover on the first placeholder finding.
local plugin, bin, ready = os.getenv('SENDWELL_PLUGIN'), os.getenv('SENDWELL_BIN'), os.getenv('SENDWELL_READY')
vim.opt.rtp:prepend(plugin)
vim.o.termguicolors = true
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.wrap = true
vim.o.linebreak = true
vim.o.laststatus = 2
vim.o.swapfile = false
vim.o.showmode = false
require('sendwell').setup({ cmd = { bin, 'lsp' } })

local done = false
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  callback = function(ev)
    if done then return end
    for _, d in ipairs(vim.diagnostic.get(ev.buf)) do
      if d.code == 'placeholder.unfilled' then
        done = true
        vim.defer_fn(function()
          vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 1 })
          vim.lsp.buf.hover({ border = 'rounded', max_width = 72, max_height = 13 })
          vim.defer_fn(function()
            vim.cmd('redraw!')
            local f = io.open(ready, 'w')
            if f then f:write('ok') f:close() end
          end, 700)
        end, 300)
        return
      end
    end
  end,
})
