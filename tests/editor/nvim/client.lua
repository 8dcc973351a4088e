-- Neovim's own LSP client (vim.lsp, Neovim 0.7 and later) against `cotation lsp`, run headless by
-- run.sh on a policy with a mistake: it starts the server, attaches it to the buffer, waits for
-- the diagnostics, asks for a hover, and writes what it got to $COTATION_NVIM_OUT, one line each:
--   diagnostic LINE COL CODE SOURCE MESSAGE     (LINE, COL 0-based, COL in bytes as Neovim counts)
--   hover TEXT
--   stopped yes|no
local bin = os.getenv("COTATION_BIN")
local out_path = os.getenv("COTATION_NVIM_OUT")
local lines = {}

local function finish()
  local out = assert(io.open(out_path, "w"))
  out:write(table.concat(lines, "\n") .. "\n")
  out:close()
  vim.cmd("qa!")
end

local client_id = vim.lsp.start_client({
  name = "cotation",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.getcwd(),
  init_options = { as_of = "2025-06-01" },
})
if not client_id then
  table.insert(lines, "error the client did not start")
  return finish()
end
vim.lsp.buf_attach_client(0, client_id)

if not vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 20) then
  table.insert(lines, "error no diagnostic within 15 s")
end
for _, d in ipairs(vim.diagnostic.get(0)) do
  local message = d.message:gsub("\n", " | ")
  table.insert(lines, string.format("diagnostic %d %d %s %s %s", d.lnum, d.col, tostring(d.code), tostring(d.source), message))
end

-- Hover on the parameter of line HOVER_LINE (0-based), HOVER_CHARACTER.
local replies = vim.lsp.buf_request_sync(0, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = tonumber(os.getenv("COTATION_HOVER_LINE")), character = tonumber(os.getenv("COTATION_HOVER_CHARACTER")) },
}, 10000)
local hover = replies and replies[client_id] and replies[client_id].result
if hover then
  table.insert(lines, "hover " .. hover.contents.value:gsub("\n", " | "))
else
  table.insert(lines, "error no hover")
end

-- The client stops the server with shutdown and exit.
vim.lsp.stop_client(client_id)
local stopped = vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
table.insert(lines, "stopped " .. (stopped and "yes" or "no"))
finish()
