#define BOOST_TEST_MODULE feed
#include <boost/test/unit_test.hpp>
