#ifndef ORDERFLOW_CRDKAFKA_SHIM_H
#define ORDERFLOW_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
