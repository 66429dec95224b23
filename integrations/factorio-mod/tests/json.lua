-- A strict JSON decoder for the tests: one value per call, the keys of each object kept in order.
-- decode(text) -> value, keys (keys[object] = array of its key names) or raises "json: ..." on any deviation.
local json = {}

local function fail(text, at, what)
  error(string.format("json: %s at byte %d of %q", what, at, text), 0)
end

function json.decode(text)
  local at = 1
  local keys = {}

  local function space()
    at = string.find(text, "[^ \t\r\n]", at) or (#text + 1)
  end

  local value

  local function utf8(code)
    if code < 0x80 then
      return string.char(code)
    elseif code < 0x800 then
      return string.char(0xC0 + math.floor(code / 0x40), 0x80 + code % 0x40)
    elseif code < 0x10000 then
      return string.char(0xE0 + math.floor(code / 0x1000), 0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
    end
    return string.char(0xF0 + math.floor(code / 0x40000), 0x80 + math.floor(code / 0x1000) % 0x40,
      0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
  end

  local function str()
    at = at + 1
    local out = {}
    while true do
      local c = string.sub(text, at, at)
      if c == "" then
        fail(text, at, "unterminated string")
      elseif c == '"' then
        at = at + 1
        return table.concat(out)
      elseif c == "\\" then
        local e = string.sub(text, at + 1, at + 1)
        local simple = ({ ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" })[e]
        if simple then
          out[#out + 1] = simple
          at = at + 2
        elseif e == "u" then
          local hex = string.match(text, "^%x%x%x%x", at + 2)
          if not hex then
            fail(text, at, "bad \\u escape")
          end
          local code = tonumber(hex, 16)
          at = at + 6
          if code >= 0xD800 and code <= 0xDBFF then
            local low = string.match(text, "^\\u(%x%x%x%x)", at)
            if not low then
              fail(text, at, "lone surrogate")
            end
            code = 0x10000 + (code - 0xD800) * 0x400 + (tonumber(low, 16) - 0xDC00)
            at = at + 6
          end
          out[#out + 1] = utf8(code)
        else
          fail(text, at, "bad escape")
        end
      elseif string.byte(c) < 0x20 then
        fail(text, at, "raw control character in a string")
      else
        out[#out + 1] = c
        at = at + 1
      end
    end
  end

  function value()
    space()
    local c = string.sub(text, at, at)
    if c == "{" then
      local object, order = {}, {}
      keys[object] = order
      at = at + 1
      space()
      if string.sub(text, at, at) == "}" then
        at = at + 1
        return object
      end
      while true do
        space()
        if string.sub(text, at, at) ~= '"' then
          fail(text, at, "expected a key")
        end
        local key = str()
        if object[key] ~= nil then
          fail(text, at, "duplicate key " .. key)
        end
        space()
        if string.sub(text, at, at) ~= ":" then
          fail(text, at, "expected ':'")
        end
        at = at + 1
        object[key] = value()
        order[#order + 1] = key
        space()
        local sep = string.sub(text, at, at)
        at = at + 1
        if sep == "}" then
          return object
        elseif sep ~= "," then
          fail(text, at - 1, "expected ',' or '}'")
        end
      end
    elseif c == "[" then
      local array = {}
      at = at + 1
      space()
      if string.sub(text, at, at) == "]" then
        at = at + 1
        return array
      end
      while true do
        array[#array + 1] = value()
        space()
        local sep = string.sub(text, at, at)
        at = at + 1
        if sep == "]" then
          return array
        elseif sep ~= "," then
          fail(text, at - 1, "expected ',' or ']'")
        end
      end
    elseif c == '"' then
      return str()
    elseif string.sub(text, at, at + 3) == "true" then
      at = at + 4
      return true
    elseif string.sub(text, at, at + 4) == "false" then
      at = at + 5
      return false
    elseif string.sub(text, at, at + 3) == "null" then
      at = at + 4
      return json.null
    end
    local number = string.match(text, "^-?%d+%.?%d*[eE]?[-+]?%d*", at)
    if not number or not string.match(number, "^-?0$") and not string.match(number, "^-?[1-9]")
        and not string.match(number, "^-?0[.eE]") then
      fail(text, at, "unexpected character")
    end
    at = at + #number
    return tonumber(number) or fail(text, at, "bad number")
  end

  local result = value()
  space()
  if at <= #text then
    fail(text, at, "trailing characters")
  end
  return result, keys
end

json.null = setmetatable({}, { __tostring = function() return "null" end })

return json
