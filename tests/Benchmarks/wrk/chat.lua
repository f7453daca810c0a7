-- wrk -t1 -s tests/Benchmarks/wrk/chat.lua: plain turns, POST /chatroom/:id/message, over the chatrooms in the file
-- the ROOMS environment variable names, one "token chatroom" pair per line (the load tool's `turn-targets` scenario
-- writes it). Each request goes to the next chatroom in the file, round and round: with as many connections as
-- chatrooms, a chatroom's next turn is sent when the turn sent one round before has answered (answers come back in
-- the order they were sent, the model's latency being fixed), so turns seldom queue behind their chatroom's last.
-- Every request is formatted once, at the start: per request the script only hands wrk the next string.
local requests = {}
local following = 0

local threads = 0

function setup(thread)
  -- One thread: a second would hold its own rotation over the same chatrooms and send two turns to one at once.
  threads = threads + 1
  assert(threads == 1, "chat.lua runs with -t1")
end

function init(args)
  local body = '{"message":"How are you today?"}'
  local file = os.getenv("ROOMS")
  assert(file, "ROOMS names the file of token and chatroom pairs")
  for line in io.lines(file) do
    local token, room = line:match("^(%S+)%s+(%S+)$")
    if token then
      requests[#requests + 1] = wrk.format("POST", "/chatroom/" .. room .. "/message",
        { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
    end
  end
  assert(#requests > 0, "no chatrooms in " .. file)
end

function request()
  following = following % #requests + 1
  return requests[following]
end
