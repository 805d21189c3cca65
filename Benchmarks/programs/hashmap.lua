-- hashmap.lua - 1,000,000 puts of distinct keys "k0", "k1", ... (value: the number)
-- into a table, then 1,000,000 gets of "k0", "k2", "k4", ... (keys made afresh): half
-- of them hit. Prints the hits and the sum of the values found. With an argument N,
-- N puts and N gets instead. Same algorithm as hashmap.ph and hashmap.py.

local n = arg[1] and tonumber(arg[1]) or 1000000
local map = {}
for i = 0, n - 1 do
  map["k" .. i] = i
end
local hits, sum = 0, 0
for i = 0, n - 1 do
  local v = map["k" .. i * 2]
  if v ~= nil then
    hits = hits + 1
    sum = sum + v
  end
end
print(string.format("hashmap: %d puts, %d gets, %d hits, sum = %d", n, n, hits, sum))
