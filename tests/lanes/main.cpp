#define BOOST_TEST_MODULE lanes
#include <boost/test/unit_test.hpp>
