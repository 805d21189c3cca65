-- loop.lua - a counted loop of 20,000,000 iterations adding the counter to a sum. With
-- an argument N, N iterations instead. Same algorithm as loop.ph (which, having no
-- for, counts with a while loop) and loop.py.

local n = arg[1] and tonumber(arg[1]) or 20000000
local sum = 0
for i = 0, n - 1 do
  sum = sum + i
end
print(string.format("loop: %d iterations, sum = %d", n, sum))
