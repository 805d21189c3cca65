-- fib.lua - naive recursive Fibonacci: fib(32) makes 7,049,155 calls. With an argument
-- N, fib(N) instead. Same algorithm as fib.ph and fib.py.

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local n = arg[1] and tonumber(arg[1]) or 32
print(string.format("fib: fib(%d) = %d", n, fib(n)))
