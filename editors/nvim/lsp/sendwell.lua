-- Default config for Neovim 0.11+: lets `vim.lsp.enable('sendwell')` work without setup().
-- require('sendwell').setup() overrides these fields with its own options.
return {
  cmd = { 'sendwell', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'sendwell.toml', '.git' },
  settings = { sendwell = {} },
}
