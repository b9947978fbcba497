/* cppcheck reads no system headers: the one cJSON macro the code iterates with. */
#define cJSON_ArrayForEach(e, a) for ((e) = (a) != NULL ? (a)->child : NULL; (e) != NULL; (e) = (e)->next)
