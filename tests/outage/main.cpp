#define BOOST_TEST_MODULE outage
#include <boost/test/unit_test.hpp>
