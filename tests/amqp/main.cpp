#define BOOST_TEST_MODULE amqp
#include <boost/test/unit_test.hpp>
