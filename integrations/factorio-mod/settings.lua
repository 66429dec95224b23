-- Map settings of the ISR companion mod: when a new events-<n>.jsonl is started, and how many files are kept.
data:extend({
  {
    type = "int-setting",
    name = "isr-max-file-bytes",
    setting_type = "runtime-global",
    default_value = 1048576,
    minimum_value = 4096,
    maximum_value = 1073741824,
    order = "a",
  },
  {
    type = "int-setting",
    name = "isr-max-file-events",
    setting_type = "runtime-global",
    default_value = 10000,
    minimum_value = 1,
    maximum_value = 100000000,
    order = "b",
  },
  {
    type = "int-setting",
    name = "isr-keep-files",
    setting_type = "runtime-global",
    default_value = 10,
    minimum_value = 0,
    maximum_value = 100000,
    order = "c",
  },
})
