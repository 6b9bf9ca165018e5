#include "CTenantMockEpoll.h"
