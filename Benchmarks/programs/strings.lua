-- strings.lua - builds 500,000 strings by concatenation, each "<" then ten words from a
-- list of seven, each followed by ",", then ">" (the words chosen by the round and the
-- position, so the strings differ), adds up their lengths and counts those equal to the
-- string of round 0 (every seventh). With an argument N, N rounds instead. Same
-- algorithm as strings.ph and strings.py.

local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta" }

local function build(round)
  local s = "<"
  for j = 0, 9 do
    s = s .. words[(round + j) % 7 + 1] .. ","
  end
  return s .. ">"
end

local n = arg[1] and tonumber(arg[1]) or 500000
local total, equal = 0, 0
local first = build(0)
for i = 0, n - 1 do
  local s = build(i)
  total = total + #s
  if s == first then equal = equal + 1 end
end
print(string.format("strings: %d strings, total length = %d, equal = %d", n, total, equal))
