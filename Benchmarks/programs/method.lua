-- method.lua - 10,000,000 virtual calls of a method that updates a field. The object is
-- an Accumulator, which overrides Counter.add (Counter.add subtracts: a wrong dispatch
-- shows in the result). With an argument N, N calls instead. Same algorithm as
-- method.ph and method.py.

local Counter = {}
Counter.__index = Counter

function Counter.new(class)
  return setmetatable({ total = 0 }, class)
end

function Counter:add(k)
  self.total = self.total - k
end

function Counter:get()
  return self.total
end

local Accumulator = setmetatable({}, { __index = Counter })
Accumulator.__index = Accumulator

function Accumulator:add(k)
  self.total = self.total + k
end

local n = arg[1] and tonumber(arg[1]) or 10000000
local c = Counter.new(Accumulator)
for i = 0, n - 1 do
  c:add(i & 7)
end
print(string.format("method: %d calls, total = %d", n, c:get()))
