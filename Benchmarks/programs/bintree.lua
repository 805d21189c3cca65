-- bintree.lua - binary trees, as in the classic benchmark with maximum depth 16: one
-- stretch tree of depth 17, one long-lived tree of depth 16 kept to the end, and for
-- each depth d = 4, 6, ..., 16, 2^(20 - d) short-lived trees of depth d, each built
-- bottom-up and walked to count its nodes. Prints the total of all counts. With an
-- argument N, maximum depth N instead (at least 6). Same algorithm as bintree.ph and
-- bintree.py.

local function make(depth)
  if depth > 0 then
    return { left = make(depth - 1), right = make(depth - 1) }
  end
  return {}
end

-- The number of nodes of the tree, its root included.
local function check(tree)
  if tree.left == nil then return 1 end
  return 1 + check(tree.left) + check(tree.right)
end

local min_depth = 4
local max_depth = arg[1] and tonumber(arg[1]) or 16
if max_depth < min_depth + 2 then max_depth = min_depth + 2 end

local total = check(make(max_depth + 1))
local long_lived = make(max_depth)
for depth = min_depth, max_depth, 2 do
  local iterations = 1 << (max_depth - depth + min_depth)
  for _ = 1, iterations do
    total = total + check(make(depth))
  end
end
total = total + check(long_lived)
print(string.format("bintree: depth %d, nodes checked = %d", max_depth, total))
